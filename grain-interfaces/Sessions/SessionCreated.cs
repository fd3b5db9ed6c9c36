namespace Orleans.GameState.Sessions;

[GenerateSerializer, Immutable, Alias("gs.SessionCreated")]
public sealed record SessionCreated(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string StateVersion,
    [property: Id(2)] bool AlreadyExisted);
