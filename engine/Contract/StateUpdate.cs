namespace Orleans.GameState.Contract;

/// <summary>A versioned update sent by the GM (docs/api.md section 5).</summary>
/// <remarks>Fields are nullable because they arrive from clients: structure is validated, never assumed.</remarks>
public sealed record StateUpdate(
    string? Id,
    string? SessionId,
    string? Version,
    IReadOnlyList<StateOperation>? Operations,
    long Timestamp,
    string? Source);
