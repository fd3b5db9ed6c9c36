using System.Collections.Concurrent;

namespace Orleans.GameState.Storage.Sessions;

/// <summary>
/// Process-local session storage for running without PostgreSQL (demos and quick trials only: nothing
/// survives the process). Same contract as <see cref="SessionStore"/>, including the unique keys.
/// </summary>
public sealed class InMemorySessionStore : ISessionStore
{
    private sealed class Entry(SessionHeader header, long version, string state)
    {
        public SessionHeader Header { get; set; } = header;
        public long SnapshotVersion { get; set; } = version;
        public string Snapshot { get; set; } = state;
        public SortedList<long, LoggedUpdate> Log { get; } = [];

        /// <summary>Replaced snapshots kept as history bases, as <see cref="SessionStore"/> keeps them.</summary>
        public SortedList<long, string> Bases { get; } = [];
    }

    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);

    public Task<bool> CreateAsync(SessionHeader header, string stateJson, CancellationToken cancellationToken) =>
        Task.FromResult(_sessions.TryAdd(header.SessionId, new Entry(header, header.OriginVersion, stateJson)));

    public Task<StoredSession?> LoadAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(_sessions.TryGetValue(sessionId, out var entry)
            ? Locked(entry, () => new StoredSession(entry.Header, entry.SnapshotVersion, entry.Snapshot))
            : null);

    public Task<IReadOnlyList<LoggedUpdate>> ReadLogAsync(string sessionId, long afterVersion, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoggedUpdate>>(_sessions.TryGetValue(sessionId, out var entry)
            ? Locked(entry, () => entry.Log.Values.Where(u => u.Version > afterVersion).ToList())
            : []);

    public Task<IReadOnlyList<(string UpdateId, long Version)>> ReadRecentUpdateIdsAsync(string sessionId, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(string, long)>>(_sessions.TryGetValue(sessionId, out var entry)
            ? Locked(entry, () => entry.Log.Values.TakeLast(count).Select(u => (u.UpdateId, u.Version)).ToList())
            : []);

    public Task<long?> FindUpdateVersionAsync(string sessionId, string updateId, CancellationToken cancellationToken) =>
        Task.FromResult(_sessions.TryGetValue(sessionId, out var entry)
            ? Locked(entry, () => entry.Log.Values.FirstOrDefault(u => u.UpdateId == updateId)?.Version)
            : null);

    public Task<AppendOutcome> AppendAsync(string sessionId, LoggedUpdate update, CancellationToken cancellationToken)
    {
        var entry = _sessions[sessionId];
        return Task.FromResult(Locked(entry, () =>
        {
            if (entry.Log.Values.FirstOrDefault(u => u.UpdateId == update.UpdateId) is { } existing)
            {
                return new AppendOutcome(AppendOutcomeKind.UpdateIdTaken, existing.Version);
            }

            if (entry.Log.ContainsKey(update.Version) || update.Version <= entry.SnapshotVersion)
            {
                return new AppendOutcome(AppendOutcomeKind.VersionTaken);
            }

            entry.Log.Add(update.Version, update);
            return AppendOutcome.Appended;
        }));
    }

    public Task<long?> ReadLatestVersionAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(_sessions.TryGetValue(sessionId, out var entry)
            ? Locked(entry, () => (long?)Math.Max(entry.SnapshotVersion, entry.Log.Count == 0 ? 0 : entry.Log.Keys[^1]))
            : null);

    public Task SaveSnapshotAsync(string sessionId, long version, string stateJson, long pruneLogUpTo, CancellationToken cancellationToken)
    {
        var entry = _sessions[sessionId];
        Locked(entry, () =>
        {
            if (version > entry.SnapshotVersion)
            {
                entry.Bases[entry.SnapshotVersion] = entry.Snapshot;
                entry.SnapshotVersion = version;
                entry.Snapshot = stateJson;
            }

            var limit = Math.Min(pruneLogUpTo, version);
            var bases = entry.Bases.Keys.Append(entry.SnapshotVersion).Where(v => v <= limit).ToList();
            if (bases.Count == 0)
            {
                return 0;
            }

            var oldest = bases.Max();
            while (entry.Bases.Count > 0 && entry.Bases.Keys[0] < oldest)
            {
                entry.Bases.RemoveAt(0);
            }

            while (entry.Log.Count > 0 && entry.Log.Keys[0] <= oldest)
            {
                entry.Log.RemoveAt(0);
            }

            return 0;
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LoggedUpdate>> ReadLogRangeAsync(string sessionId, long afterVersion, long upToVersion, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoggedUpdate>>(_sessions.TryGetValue(sessionId, out var entry)
            ? Locked(entry, () => entry.Log.Values.Where(u => u.Version > afterVersion && u.Version <= upToVersion).ToList())
            : []);

    public Task<HistoryBase?> ReadHistoryBaseAsync(string sessionId, long version, CancellationToken cancellationToken) =>
        Task.FromResult(_sessions.TryGetValue(sessionId, out var entry)
            ? Locked(entry, () => entry.SnapshotVersion <= version
                ? new HistoryBase(entry.SnapshotVersion, entry.Snapshot)
                : entry.Bases.LastOrDefault(b => b.Key <= version) is { Value: not null } found ? new HistoryBase(found.Key, found.Value) : null)
            : null);

    public Task<long> EndAsync(string sessionId, long endedAt, CancellationToken cancellationToken)
    {
        var entry = _sessions[sessionId];
        return Task.FromResult(Locked(entry, () =>
        {
            entry.Header = entry.Header with { EndedAt = entry.Header.EndedAt ?? endedAt };
            return entry.Header.EndedAt!.Value;
        }));
    }

    public Task SetMembersAsync(string sessionId, IReadOnlyList<string> memberUserIds, CancellationToken cancellationToken)
    {
        var entry = _sessions[sessionId];
        Locked(entry, () => entry.Header = entry.Header with { MemberUserIds = memberUserIds.ToArray() });
        return Task.CompletedTask;
    }

    private static T Locked<T>(Entry entry, Func<T> read)
    {
        lock (entry)
        {
            return read();
        }
    }
}
