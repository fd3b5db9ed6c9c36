namespace Orleans.GameState.Sessions;

/// <summary>Answer to a (re)subscription: whether the session exists, its version at that moment, and its GM.</summary>
/// <remarks>
/// <see cref="GmUserId"/> lets a gateway send <c>gameState:error</c> for updates it refuses itself (rate limiting)
/// to the GM's connections without asking the grain each time. It came later: a silo that predates it leaves it null.
/// </remarks>
[GenerateSerializer, Immutable, Alias("gs.SessionSubscription")]
public sealed record SessionSubscription(
    [property: Id(0)] bool Exists,
    [property: Id(1)] long CurrentVersion,
    [property: Id(2)] string? GmUserId = null);
