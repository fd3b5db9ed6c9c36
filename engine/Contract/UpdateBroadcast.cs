using System.Text.Json.Serialization;

namespace Orleans.GameState.Contract;

/// <summary>The payload of the <c>gameState:updated</c> event: one accepted update, as applied.</summary>
/// <param name="RevertedTo">Set on the update a <c>gameState:revert</c> applied: the version whose state it restored
/// (CONTRACT section 8). Absent from every other update, so part one's clients see the shape they know.</param>
public sealed record UpdateBroadcast(
    string SessionId,
    string UpdateId,
    string PreviousVersion,
    string NewVersion,
    IReadOnlyList<StateOperation> Operations,
    long Timestamp,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RevertedTo = null);
