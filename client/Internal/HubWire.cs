using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Internal;

/// <summary><c>{success, isGM, gameState?, error?}</c>; an absent gameState is <see cref="JsonValueKind.Undefined"/>.</summary>
internal sealed record JoinResponse(
    bool Success,
    [property: JsonPropertyName("isGM")] bool IsGm,
    JsonElement GameState = default,
    ErrorInfo? Error = null);

internal sealed record LeaveResponse(bool Success, ErrorInfo? Error = null);

internal sealed record FullStateResponse(bool Success, JsonElement GameState = default, ErrorInfo? Error = null);

internal sealed record UpdatesSinceResponse(bool Success, IReadOnlyList<UpdateBroadcast>? Updates = null, ErrorInfo? Error = null);
