using Orleans.Concurrency;

namespace Orleans.GameState.Sessions;

/// <summary>
/// The relay side of a session's broadcasts: each gateway that has connections joined to a session
/// registers one observer with the session grain.
/// </summary>
/// <remarks>
/// Why observers and not an Orleans stream: a grain observer call goes straight from the session grain
/// to the gateway holding the sockets, with no queue grain and no pulling-agent poll in between, and it
/// needs no pub-sub state. Both kinds of delivery can lose events when a silo or a gateway connection
/// dies, so either way every event carries its version and the relay repairs a gap from the durable log
/// (<see cref="IGameSessionGrain.GetUpdatesSinceAsync"/>) before passing events on. Registrations expire
/// unless renewed, and a renewal answers the grain's current version, which is how a relay notices that
/// the grain moved to another silo.
/// </remarks>
[Alias("gs.ISessionObserver")]
public interface ISessionObserver : IGrainObserver
{
    [OneWay]
    [Alias("OnBroadcast")]
    Task OnBroadcastAsync(SessionBroadcast broadcast);

    /// <summary>An update of this session failed: the relay sends <c>gameState:error</c> to the GM's connections.</summary>
    [OneWay]
    [Alias("OnUpdateFailed")]
    Task OnUpdateFailedAsync(SessionUpdateFailed failure);

    /// <summary>Players removed from the campaign: the relay sends their connections <c>gameSession:removed</c> and drops them.</summary>
    [OneWay]
    [Alias("OnMembersRemoved")]
    Task OnMembersRemovedAsync(SessionMembersRemoved removed);

    /// <summary>The set of users joined to the session changed: the relay sends <c>gameSession:presence</c>.</summary>
    [OneWay]
    [Alias("OnPresence")]
    Task OnPresenceAsync(PresenceSnapshot presence);
}
