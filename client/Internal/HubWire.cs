using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Internal;

/// <summary>Method and event names of the hub (CONTRACT section 5).</summary>
internal static class HubNames
{
    public const string Join = "gameSession:join";
    public const string Leave = "gameSession:leave";
    public const string Update = "gameState:update";
    public const string RequestFull = "gameState:requestFull";
    public const string RequestSince = "gameState:requestSince";

    public const string Updated = "gameState:updated";
    public const string Error = "gameState:error";
    public const string EncounterStarted = "encounter:started";
}

/// <summary><c>{success, isGM, gameState?, error?}</c>; an absent gameState is <see cref="JsonValueKind.Undefined"/>.</summary>
internal sealed record JoinResponse(
    bool Success,
    [property: JsonPropertyName("isGM")] bool IsGm,
    JsonElement GameState = default,
    ErrorInfo? Error = null);

internal sealed record LeaveResponse(bool Success, ErrorInfo? Error = null);

internal sealed record FullStateResponse(bool Success, JsonElement GameState = default, ErrorInfo? Error = null);

internal sealed record UpdatesSinceResponse(bool Success, IReadOnlyList<UpdateBroadcast>? Updates = null, ErrorInfo? Error = null);
