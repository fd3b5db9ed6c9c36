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

    /// <summary>The state as JSON: the whole of it for the GM, their view for a member (CONTRACT section 7).</summary>
    [Alias("GetState")]
    Task<SessionStateView> GetStateAsync(string userId);

    /// <summary>
    /// <paramref name="asUserId"/>'s view of the state (CONTRACT section 7), for the GM only: PERMISSION_DENIED for
    /// anyone else, NOT_FOUND when <paramref name="asUserId"/> is not a member.
    /// </summary>
    [Alias("GetStateAs")]
    Task<SessionStateView> GetStateAsAsync(string callerId, string asUserId);

    /// <summary>
    /// Every broadcast with <c>newVersion</c> &gt; <paramref name="version"/>, in order (from the session's origin on when
    /// <paramref name="version"/> is below the version it was created or imported at), or <c>HISTORY_UNAVAILABLE</c>
    /// when some of them were pruned.
    /// </summary>
    [Alias("GetUpdatesSince")]
    Task<UpdatesSinceView> GetUpdatesSinceAsync(string userId, long version);

    /// <summary>The same as <see cref="GetUpdatesSinceAsync"/> without a user, each broadcast with every view's payload: for
    /// relays, which serve only joined members and pick each one's payload themselves.</summary>
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

    /// <summary>
    /// <c>gameState:revert</c> (CONTRACT section 8): GM only, idempotent by id (the update id space), version-checked; applies
    /// one update whose operations bring the state back to <see cref="RevertRequest.ToVersion"/>, broadcast with <c>revertedTo</c>.
    /// </summary>
    [Alias("Revert")]
    Task<StateUpdateResponse> RevertAsync(RevertRequest request, string userId);

    /// <summary>The state of a retained <paramref name="version"/> (<c>GET .../state?at=V</c>), as this user may see it.</summary>
    [Alias("GetStateAt")]
    Task<SessionStateView> GetStateAtAsync(string userId, long version);

    /// <summary>Ends the session (GM only, idempotent): from then on every update, revert and system update is <c>SESSION_ENDED</c>.</summary>
    [Alias("End")]
    Task<SessionEndResult> EndAsync(string userId);

    /// <summary>Version, creation time and ended flag, for a campaign's description; <c>null</c> when the session does not exist.</summary>
    [Alias("Summarize")]
    Task<SessionSummary?> SummarizeAsync();

    /// <summary>
    /// A backing model deleted through the API: a <c>system</c> update removing it (a character, actor or item from its
    /// array; the current encounter: <c>currentEncounter</c> null; the current map: <c>currentEncounter.map</c> null).
    /// <c>null</c> when the session does not hold it. Idempotent by <paramref name="updateId"/>.
    /// </summary>
    [Alias("RemoveEntity")]
    Task<StateUpdateResponse?> RemoveEntityAsync(string kind, string id, string updateId);

    /// <summary>The session's campaign, GM and version, for callers that route by campaign; <c>null</c> when it does not exist.</summary>
    [Alias("Describe")]
    Task<SessionDescription?> DescribeAsync();
}
