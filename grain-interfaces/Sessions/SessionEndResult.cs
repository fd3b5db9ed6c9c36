using Orleans.GameState.Contract;

namespace Orleans.GameState.Sessions;

/// <summary>The answer to ending a session: an error, or the version it was ended at (it never changes again).</summary>
[GenerateSerializer, Immutable, Alias("gs.SessionEndResult")]
public sealed record SessionEndResult(
    [property: Id(0)] ErrorInfo? Error,
    [property: Id(1)] long Version);
