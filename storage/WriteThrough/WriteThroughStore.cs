using Npgsql;

namespace Orleans.GameState.Storage.WriteThrough;

/// <summary>The written-through versions in PostgreSQL (deploy/sql/0020_session_write_through.sql).</summary>
public sealed class WriteThroughStore : IWriteThroughStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly WatermarkBatches _watermarks;

    public WriteThroughStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _watermarks = new WatermarkBatches(SaveBatchAsync);
    }

    public async Task<long?> ReadAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT version FROM game_session_write_through WHERE session_id = $1");
        command.Parameters.Add(new() { Value = sessionId });
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    /// <summary>Saved together with the other sessions' (<see cref="WatermarkBatches"/>): one statement per batch.</summary>
    public Task SaveAsync(string sessionId, long version, CancellationToken cancellationToken) =>
        _watermarks.SaveAsync(sessionId, version, cancellationToken);

    public ValueTask DisposeAsync() => _watermarks.DisposeAsync();

    private async Task SaveBatchAsync(IReadOnlyList<(string SessionId, long Version)> rows)
    {
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO game_session_write_through (session_id, version)
            SELECT * FROM unnest($1::text[], $2::bigint[])
            ON CONFLICT (session_id) DO UPDATE
            SET version = GREATEST(game_session_write_through.version, EXCLUDED.version), written_at = now()
            """);
        command.Parameters.Add(new() { Value = rows.Select(r => r.SessionId).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Version).ToArray() });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> FindBehindAsync(long loggedBeforeMs, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT s.session_id
            FROM game_session s LEFT JOIN game_session_write_through w USING (session_id)
            WHERE s.campaign_id ~ '^c-[0-9a-f]{32}$'
              AND EXISTS (SELECT 1 FROM game_session_update u
                            WHERE u.session_id = s.session_id AND u.version > COALESCE(w.version, 0) AND u.last_updated < $1)
            LIMIT $2
            """);
        command.Parameters.Add(new() { Value = loggedBeforeMs });
        command.Parameters.Add(new() { Value = limit });
        var sessions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(reader.GetString(0));
        }

        return sessions;
    }
}
