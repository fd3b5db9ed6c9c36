namespace Orleans.GameState.Sessions;

/// <summary>
/// One accepted update as the relay receives it. <see cref="UpdatedJson"/> is the UTF-8 JSON of the
/// contract's <c>gameState:updated</c> payload (<see cref="Contract.UpdateBroadcast"/>) as the GM sees it, serialised
/// once by the grain and stored as is in the update log, so neither the relay nor the catch-up path re-serialises it.
/// <see cref="EncounterStartedJson"/> is the <c>encounter:started</c> payload when this update made the
/// current encounter active. <see cref="Members"/> carries the members' own broadcasts when their views differ from
/// the GM's (CONTRACT section 7); null when every member gets <see cref="UpdatedJson"/>, the usual case.
/// </summary>
[GenerateSerializer, Immutable, Alias("gs.SessionBroadcast")]
public sealed record SessionBroadcast(
    [property: Id(0)] string SessionId,
    [property: Id(1)] long Version,
    [property: Id(2)] byte[] UpdatedJson,
    [property: Id(3)] byte[]? EncounterStartedJson,
    [property: Id(4)] MemberBroadcasts? Members = null)
{
    /// <summary>The <c>gameState:updated</c> payload for one user: the GM's for the GM, their view's for a member.</summary>
    public byte[] UpdatedJsonFor(string? userId, bool isGm) =>
        isGm || Members is null ? UpdatedJson : Members.For(userId);

    /// <summary>The broadcast as one user receives it (the catch-up reads answer this).</summary>
    public SessionBroadcast For(string? userId, bool isGm) =>
        isGm || Members is null ? this : new SessionBroadcast(SessionId, Version, Members.For(userId), EncounterStartedJson);
}
