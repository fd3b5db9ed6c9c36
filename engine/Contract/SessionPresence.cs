namespace Orleans.GameState.Contract;

/// <summary>The payload of the <c>gameSession:presence</c> event: every user now joined to the session, on any gateway.</summary>
public sealed record SessionPresence(string SessionId, IReadOnlyList<PresenceUser> Users);
