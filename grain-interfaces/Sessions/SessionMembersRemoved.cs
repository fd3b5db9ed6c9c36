namespace Orleans.GameState.Sessions;

/// <summary>Players taken out of a session: each relay sends their joined connections <c>gameSession:removed</c> and drops them.</summary>
[GenerateSerializer, Immutable, Alias("gs.SessionMembersRemoved")]
public sealed record SessionMembersRemoved(
    [property: Id(0)] string SessionId,
    [property: Id(1)] IReadOnlyList<string> UserIds);
