using System.Text.Json.Serialization;

namespace Orleans.GameState.Contract;

/// <summary>The payload of the <c>gameState:updated</c> event: one accepted update, as applied.</summary>
/// <param name="RevertedTo">Set only on the broadcast of a revert (CONTRACT section 8): the version whose state it restored.</param>
public sealed record UpdateBroadcast(
    string SessionId,
    string UpdateId,
    string PreviousVersion,
    string NewVersion,
    IReadOnlyList<StateOperation> Operations,
    long Timestamp,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RevertedTo = null);
