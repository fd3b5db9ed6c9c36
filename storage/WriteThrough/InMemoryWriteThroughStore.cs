using System.Collections.Concurrent;

namespace Orleans.GameState.Storage.WriteThrough;

/// <summary>Written-through versions without PostgreSQL (demos only; nothing survives the process, so nothing is ever behind).</summary>
public sealed class InMemoryWriteThroughStore : IWriteThroughStore
{
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);

    public Task<long?> ReadAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.TryGetValue(sessionId, out var version) ? version : (long?)null);

    public Task SaveAsync(string sessionId, long version, CancellationToken cancellationToken)
    {
        _versions.AddOrUpdate(sessionId, version, (_, old) => Math.Max(old, version));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> FindBehindAsync(long loggedBeforeMs, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
