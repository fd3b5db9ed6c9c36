namespace Orleans.GameState.Contract;

/// <summary>The payload of the <c>gameState:updated</c> event: one accepted update, as applied.</summary>
public sealed record UpdateBroadcast(
    string SessionId,
    string UpdateId,
    string PreviousVersion,
    string NewVersion,
    IReadOnlyList<StateOperation> Operations,
    long Timestamp,
    string Source);
