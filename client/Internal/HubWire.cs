using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Internal;

/// <summary>
/// <c>{success, isGM, gameState?, error?, presence?}</c>; an absent gameState is <see cref="JsonValueKind.Undefined"/>,
/// an absent presence (a gateway from before presence) null.
/// </summary>
internal sealed record JoinResponse(
    bool Success,
    [property: JsonPropertyName("isGM")] bool IsGm,
    JsonElement GameState = default,
    ErrorInfo? Error = null,
    IReadOnlyList<PresenceUser>? Presence = null);

internal sealed record LeaveResponse(bool Success, ErrorInfo? Error = null);

internal sealed record FullStateResponse(bool Success, JsonElement GameState = default, ErrorInfo? Error = null);

internal sealed record UpdatesSinceResponse(bool Success, IReadOnlyList<UpdateBroadcast>? Updates = null, ErrorInfo? Error = null);

/// <summary>The argument of <c>gameState:revert</c> (CONTRACT section 8).</summary>
internal sealed record RevertRequest(string Id, string SessionId, string Version, string ToVersion, long Timestamp);
