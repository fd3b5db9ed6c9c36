namespace Orleans.GameState.Contract;

/// <summary>
/// The argument of <c>gameState:revert</c> (CONTRACT section 8): bring the session, now at <see cref="Version"/>, back to
/// the state of <see cref="ToVersion"/> with one new update. Idempotent by <see cref="Id"/>, in the same id space as
/// <see cref="StateUpdate"/>.
/// </summary>
/// <remarks>Fields are nullable because they arrive from clients: the session grain checks them.</remarks>
public sealed record RevertRequest(
    string? Id,
    string? SessionId,
    string? Version,
    string? ToVersion,
    long Timestamp);
