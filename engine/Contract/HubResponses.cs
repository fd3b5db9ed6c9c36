using System.Text.Json.Serialization;

namespace Orleans.GameState.Contract;

// The return shapes of the hub methods (docs/api.md section 5), written by the gateway and read by the SDK and the
// tools. Absent members are left out of what the gateway writes; a reader sees them as null.

/// <summary>The answer to <c>gameSession:join</c>: <c>{success, isGM, gameState?, error?, presence?}</c>.</summary>
public sealed record JoinResponse(
    bool Success,
    [property: JsonPropertyName("isGM")] bool IsGm,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RawJson? GameState = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PresenceUser>? Presence = null);

/// <summary>The answer to <c>gameSession:leave</c>: <c>{success, error?}</c>.</summary>
public sealed record LeaveResponse(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null);

/// <summary>The answer to <c>gameState:requestFull</c>: <c>{success, gameState?, error?}</c>.</summary>
public sealed record FullStateResponse(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RawJson? GameState = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null);

/// <summary>The answer to <c>gameState:requestSince</c>: <c>{success, updates?, error?}</c>, each update an <see cref="UpdateBroadcast"/>.</summary>
public sealed record UpdatesSinceResponse(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RawJson>? Updates = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null);
