namespace Orleans.GameState.Sessions;

/// <summary>Answer to a (re)subscription: whether the session exists and its version at that moment.</summary>
[GenerateSerializer, Immutable, Alias("gs.SessionSubscription")]
public sealed record SessionSubscription(
    [property: Id(0)] bool Exists,
    [property: Id(1)] long CurrentVersion);
