using Npgsql;
using NpgsqlTypes;

namespace Orleans.GameState.Storage.Sessions;

/// <summary>
/// The durable side of a game session: header, update log and snapshots in PostgreSQL.
/// Every write here is one short autocommit statement (or one small transaction at creation), so an
/// update costs one INSERT whose size is the update's, never the state's; the appends of concurrent sessions
/// share commits (<see cref="UpdateLogBatcher"/> over the <see cref="UpdateLogAppender"/> statements).
/// </summary>
/// <remarks>Awaits use <c>ConfigureAwait(false)</c>: the caller is usually a grain, and every continuation that
/// hops back onto the activation's scheduler costs a queue round on the update's critical path.</remarks>
public sealed class SessionStore(NpgsqlDataSource dataSource) : ISessionStore, IAsyncDisposable
{
    private readonly UpdateLogBatcher _appender = new(new UpdateLogAppender(dataSource));

    public ValueTask DisposeAsync() => _appender.DisposeAsync();

    public async Task<bool> CreateAsync(SessionHeader header, string stateJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO game_session (session_id, campaign_id, gm_user_id, member_user_ids, origin_version, created_at)
            VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 > 0 THEN to_timestamp($6 / 1000.0) ELSE now() END)
            ON CONFLICT (session_id) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = header.SessionId });
            insert.Parameters.Add(new() { Value = header.CampaignId });
            insert.Parameters.Add(new() { Value = header.GmUserId });
            insert.Parameters.Add(new() { Value = header.MemberUserIds.ToArray() });
            insert.Parameters.Add(new() { Value = header.OriginVersion });
            insert.Parameters.Add(new() { Value = header.CreatedAt });
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        await using (var snapshot = new NpgsqlCommand(
            "INSERT INTO game_session_snapshot (session_id, version, state) VALUES ($1, $2, $3)", connection, transaction))
        {
            snapshot.Parameters.Add(new() { Value = header.SessionId });
            snapshot.Parameters.Add(new() { Value = header.OriginVersion });
            snapshot.Parameters.Add(new() { Value = stateJson, NpgsqlDbType = NpgsqlDbType.Json });
            await snapshot.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<StoredSession?> LoadAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT s.campaign_id, s.gm_user_id, s.member_user_ids, s.origin_version, n.version, n.state::text,
                   (extract(epoch FROM s.created_at) * 1000)::bigint, (extract(epoch FROM s.ended_at) * 1000)::bigint
            FROM game_session s JOIN game_session_snapshot n USING (session_id)
            WHERE s.session_id = $1
            """);
        command.Parameters.Add(new() { Value = sessionId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var header = new SessionHeader(
            sessionId, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetInt64(3),
            reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetInt64(7));
        return new StoredSession(header, reader.GetInt64(4), reader.GetString(5));
    }

    public async Task<IReadOnlyList<LoggedUpdate>> ReadLogAsync(string sessionId, long afterVersion, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT version, update_id, last_updated, broadcast::text, touched_entities::text, views::text
            FROM game_session_update WHERE session_id = $1 AND version > $2 ORDER BY version
            """);
        command.Parameters.Add(new() { Value = sessionId });
        command.Parameters.Add(new() { Value = afterVersion });
        var updates = new List<LoggedUpdate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            updates.Add(new LoggedUpdate(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return updates;
    }

    public async Task<IReadOnlyList<(string UpdateId, long Version)>> ReadRecentUpdateIdsAsync(string sessionId, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT update_id, version FROM game_session_update WHERE session_id = $1 ORDER BY version DESC LIMIT $2");
        command.Parameters.Add(new() { Value = sessionId });
        command.Parameters.Add(new() { Value = count });
        var ids = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        ids.Reverse();
        return ids;
    }

    public async Task<long?> FindUpdateVersionAsync(string sessionId, string updateId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version FROM game_session_update WHERE session_id = $1 AND update_id = $2");
        command.Parameters.Add(new() { Value = sessionId });
        command.Parameters.Add(new() { Value = updateId });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    public async Task<AppendOutcome> AppendAsync(string sessionId, LoggedUpdate update, CancellationToken cancellationToken)
    {
        if (await _appender.AppendAsync(new UpdateLogRow(sessionId, update), cancellationToken).ConfigureAwait(false))
        {
            return AppendOutcome.Appended;
        }

        // A unique key was taken. A retry after a lost acknowledgement lands here too: the row is ours if it holds our id.
        return await FindUpdateVersionAsync(sessionId, update.UpdateId, cancellationToken).ConfigureAwait(false) is { } existing
            ? new AppendOutcome(AppendOutcomeKind.UpdateIdTaken, existing)
            : new AppendOutcome(AppendOutcomeKind.VersionTaken);
    }

    public async Task<long?> ReadLatestVersionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT GREATEST((SELECT max(version) FROM game_session_update WHERE session_id = $1),
                            (SELECT version FROM game_session_snapshot WHERE session_id = $1))
            """);
        command.Parameters.Add(new() { Value = sessionId });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    public async Task SaveSnapshotAsync(string sessionId, long version, string stateJson, long pruneLogUpTo, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The snapshot being replaced becomes a history base (copied inside the server, never sent over the wire).
        await ExecuteAsync(
            connection, transaction,
            """
            INSERT INTO game_session_snapshot_history (session_id, version, state)
            SELECT session_id, version, state FROM game_session_snapshot WHERE session_id = $1 AND version < $2
            ON CONFLICT DO NOTHING
            """,
            sessionId, version, cancellationToken);

        await using (var snapshot = new NpgsqlCommand(
            """
            UPDATE game_session_snapshot SET version = $2, state = $3, written_at = now()
            WHERE session_id = $1 AND version < $2
            """, connection, transaction))
        {
            snapshot.Parameters.Add(new() { Value = sessionId });
            snapshot.Parameters.Add(new() { Value = version });
            snapshot.Parameters.Add(new() { Value = stateJson, NpgsqlDbType = NpgsqlDbType.Json });
            await snapshot.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Prune behind the newest base at or below the bound, so the log after every kept base stays complete.
        await ExecuteAsync(
            connection, transaction,
            """
            WITH base AS (
                SELECT max(version) AS version FROM (
                    SELECT version FROM game_session_snapshot WHERE session_id = $1 AND version <= $2
                    UNION ALL
                    SELECT version FROM game_session_snapshot_history WHERE session_id = $1 AND version <= $2) bases),
            old_bases AS (
                DELETE FROM game_session_snapshot_history
                WHERE session_id = $1 AND version < (SELECT version FROM base))
            DELETE FROM game_session_update WHERE session_id = $1 AND version <= (SELECT version FROM base)
            """,
            sessionId, Math.Min(pruneLogUpTo, version), cancellationToken);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LoggedUpdate>> ReadLogRangeAsync(string sessionId, long afterVersion, long upToVersion, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT version, update_id, last_updated, broadcast::text, touched_entities::text
            FROM game_session_update WHERE session_id = $1 AND version > $2 AND version <= $3 ORDER BY version
            """);
        command.Parameters.Add(new() { Value = sessionId });
        command.Parameters.Add(new() { Value = afterVersion });
        command.Parameters.Add(new() { Value = upToVersion });
        var updates = new List<LoggedUpdate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            updates.Add(new LoggedUpdate(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4)));
        }

        return updates;
    }

    public async Task<HistoryBase?> ReadHistoryBaseAsync(string sessionId, long version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT version, state::text FROM (
                SELECT version, state FROM game_session_snapshot WHERE session_id = $1 AND version <= $2
                UNION ALL
                SELECT version, state FROM game_session_snapshot_history WHERE session_id = $1 AND version <= $2) bases
            ORDER BY version DESC LIMIT 1
            """);
        command.Parameters.Add(new() { Value = sessionId });
        command.Parameters.Add(new() { Value = version });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new HistoryBase(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public async Task<long> EndAsync(string sessionId, long endedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE game_session SET ended_at = coalesce(ended_at, to_timestamp($2 / 1000.0)) WHERE session_id = $1
            RETURNING (extract(epoch FROM ended_at) * 1000)::bigint
            """);
        command.Parameters.Add(new() { Value = sessionId });
        command.Parameters.Add(new() { Value = endedAt });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long stored
            ? stored
            : throw new InvalidOperationException($"Session {sessionId} has no header row.");
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string sessionId, long version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new() { Value = sessionId });
        command.Parameters.Add(new() { Value = version });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SetMembersAsync(string sessionId, IReadOnlyList<string> memberUserIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE game_session SET member_user_ids = $2 WHERE session_id = $1");
        command.Parameters.Add(new() { Value = sessionId });
        command.Parameters.Add(new() { Value = memberUserIds.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
