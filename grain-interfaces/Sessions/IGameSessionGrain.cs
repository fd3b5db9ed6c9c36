using Orleans.GameState.Contract;

namespace Orleans.GameState.Sessions;

/// <summary>
/// One game session: owns its state, its version and its update log. Keyed by session id
/// (always non-numeric, "s-…", so the ADO.NET key traps never apply). A session exists only after
/// <see cref="CreateAsync"/>; every other call on an unknown id answers <c>SESSION_NOT_FOUND</c>.
/// </summary>
[Alias("gs.IGameSessionGrain")]
public interface IGameSessionGrain : IGrainWithStringKey
{
    /// <summary>Creates the session with its initial state. Idempotent: a second call returns the existing session.</summary>
    [Alias("Create")]
    Task<SessionCreated> CreateAsync(CreateSessionCommand command);

    /// <summary>
    /// Applies a GM update: permission (and source and id), idempotency, validation, version check, engine, durable
    /// append, broadcast. A resent accepted id gets its original answer, whatever else is wrong with it now.
    /// </summary>
    [Alias("Update")]
    Task<StateUpdateResponse> UpdateAsync(StateUpdate update, string userId);

    /// <summary>Applies an update the server itself originates (<c>source: "system"</c>), e.g. a backing model replaced by PUT.</summary>
    [Alias("SystemUpdate")]
    Task<StateUpdateResponse> ApplySystemUpdateAsync(SystemUpdateCommand command);

    /// <summary>
    /// Puts a backing model replaced through the API (<c>PUT</c>) into the state as a <c>system</c> update that sets
    /// exactly <paramref name="entityJson"/> where the entity is (characters, actors and items by id; encounters and
    /// maps when current). <c>null</c> when the session does not hold the entity. Idempotent by <paramref name="updateId"/>.
    /// </summary>
    [Alias("ReplaceEntity")]
    Task<StateUpdateResponse?> ReplaceEntityAsync(string kind, string id, string entityJson, string updateId);

    /// <summary>The whole state as JSON, for the GM and members.</summary>
    [Alias("GetState")]
    Task<SessionStateView> GetStateAsync(string userId);

    /// <summary>
    /// Every broadcast with <c>newVersion</c> &gt; <paramref name="version"/>, in order (from the session's origin on when
    /// <paramref name="version"/> is below the version it was created or imported at), or <c>HISTORY_UNAVAILABLE</c>
    /// when some of them were pruned.
    /// </summary>
    [Alias("GetUpdatesSince")]
    Task<UpdatesSinceView> GetUpdatesSinceAsync(string userId, long version);

    /// <summary>The same as <see cref="GetUpdatesSinceAsync"/> without a user: for relays, which serve only joined members.</summary>
    [Alias("ReadBroadcastsSince")]
    Task<UpdatesSinceView> ReadBroadcastsSinceAsync(long version);

    /// <summary>Registers (or renews) a relay's observer; answers the current version so the relay can detect gaps.</summary>
    [Alias("Subscribe")]
    Task<SessionSubscription> SubscribeAsync(ISessionObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(ISessionObserver observer);

    /// <summary>
    /// Records (or renews, or with no users drops) one gateway's presence lease and answers the session's presence.
    /// Observers get <see cref="ISessionObserver.OnPresenceAsync"/> whenever the set of users changes.
    /// </summary>
    [Alias("ReportPresence")]
    Task<PresenceSnapshot> ReportPresenceAsync(PresenceReport report);

    /// <summary>Who may read the session; the campaign pushes every membership change here.</summary>
    [Alias("SetMembers")]
    Task SetMembersAsync(IReadOnlyList<string> memberUserIds);

    /// <summary>The session's campaign, GM and version, for callers that route by campaign; <c>null</c> when it does not exist.</summary>
    [Alias("Describe")]
    Task<SessionDescription?> DescribeAsync();
}
