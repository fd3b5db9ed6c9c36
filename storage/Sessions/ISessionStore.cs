namespace Orleans.GameState.Storage.Sessions;

/// <summary>Durable storage of sessions: <see cref="SessionStore"/> on PostgreSQL, <see cref="InMemorySessionStore"/> for demos.</summary>
public interface ISessionStore
{
    /// <summary>
    /// Creates header and first snapshot (at <see cref="SessionHeader.OriginVersion"/>) atomically; false when the
    /// session already exists.
    /// </summary>
    Task<bool> CreateAsync(SessionHeader header, string stateJson, CancellationToken cancellationToken);

    Task<StoredSession?> LoadAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The log after <paramref name="afterVersion"/>, in version order.</summary>
    Task<IReadOnlyList<LoggedUpdate>> ReadLogAsync(string sessionId, long afterVersion, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> update ids with their versions, oldest first.</summary>
    Task<IReadOnlyList<(string UpdateId, long Version)>> ReadRecentUpdateIdsAsync(string sessionId, int count, CancellationToken cancellationToken);

    Task<long?> FindUpdateVersionAsync(string sessionId, string updateId, CancellationToken cancellationToken);

    /// <summary>Appends one update; the (session, version) and (session, update id) keys decide races.</summary>
    Task<AppendOutcome> AppendAsync(string sessionId, LoggedUpdate update, CancellationToken cancellationToken);

    Task<long?> ReadLatestVersionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the snapshot when newer (the replaced one is kept as a history base), then prunes: the log up to the
    /// newest base at or below min(<paramref name="pruneLogUpTo"/>, version), and the bases older than that one.
    /// </summary>
    Task SaveSnapshotAsync(string sessionId, long version, string stateJson, long pruneLogUpTo, CancellationToken cancellationToken);

    /// <summary>The log rows after <paramref name="afterVersion"/> up to <paramref name="upToVersion"/>, in version order.</summary>
    Task<IReadOnlyList<LoggedUpdate>> ReadLogRangeAsync(string sessionId, long afterVersion, long upToVersion, CancellationToken cancellationToken);

    /// <summary>The newest stored state (latest snapshot or history base) at or below <paramref name="version"/>, or null.</summary>
    Task<HistoryBase?> ReadHistoryBaseAsync(string sessionId, long version, CancellationToken cancellationToken);

    /// <summary>Marks the session ended at <paramref name="endedAt"/> (Unix ms) unless it already is; answers the time it ended.</summary>
    Task<long> EndAsync(string sessionId, long endedAt, CancellationToken cancellationToken);

    Task SetMembersAsync(string sessionId, IReadOnlyList<string> memberUserIds, CancellationToken cancellationToken);
}
