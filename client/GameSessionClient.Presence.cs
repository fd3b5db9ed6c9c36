using Orleans.GameState.Contract;

namespace Orleans.GameState.Client;

/// <summary>Presence (CONTRACT section 9): who is joined to the session, on any gateway.</summary>
public sealed partial class GameSessionClient
{
    private IReadOnlyList<PresenceUser> _presence = [];

    /// <summary>
    /// Raised (on the sync loop) when the users joined to the session change: from a join's answer, and from every
    /// <c>gameSession:presence</c> event. A dead gateway's users disappear within about 30 s.
    /// </summary>
    public event EventHandler<SessionPresence>? PresenceChanged;

    /// <summary>The users joined to the session (this one included) as last heard; empty when not joined.</summary>
    public IReadOnlyList<PresenceUser> Presence => Volatile.Read(ref _presence);

    /// <summary>Takes a presence from a join's answer or an event (under the gate); raises <see cref="PresenceChanged"/> when it differs.</summary>
    private void SetPresence(string sessionId, IReadOnlyList<PresenceUser>? users)
    {
        if (users is null || sessionId != _sessionId)
        {
            return; // a gateway without presence, or an event of a session this client has left
        }

        var before = Volatile.Read(ref _presence);
        Volatile.Write(ref _presence, users);
        if (!before.SequenceEqual(users))
        {
            Raise(PresenceChanged, new SessionPresence(sessionId, users), nameof(PresenceChanged));
        }
    }

    private void ClearPresence() => Volatile.Write(ref _presence, []);
}
