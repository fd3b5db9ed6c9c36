namespace Orleans.GameState.Storage.WriteThrough;

/// <summary>Where each session's written-through version is kept (table <c>game_session_write_through</c>).</summary>
public interface IWriteThroughStore
{
    /// <summary>The written-through version, or null when the session never wrote through.</summary>
    Task<long?> ReadAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Moves the written-through version forward (never back).</summary>
    Task SaveAsync(string sessionId, long version, CancellationToken cancellationToken);

    /// <summary>
    /// Sessions of a campaign with logged updates older than <paramref name="loggedBeforeMs"/> that are not written
    /// through (sessions made without a campaign owe nothing).
    /// </summary>
    Task<IReadOnlyList<string>> FindBehindAsync(long loggedBeforeMs, int limit, CancellationToken cancellationToken);
}
