using System.Text.Json.Serialization;
using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Json;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>The return shapes of the hub methods (CONTRACT section 5); absent members are left out.</summary>
public sealed record JoinResult(
    bool Success,
    [property: JsonPropertyName("isGM")] bool IsGm,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RawJson? GameState = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PresenceUser>? Presence = null);

public sealed record LeaveResult(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null);

public sealed record FullStateResult(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RawJson? GameState = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null);

public sealed record UpdatesSinceResult(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RawJson>? Updates = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorInfo? Error = null);
