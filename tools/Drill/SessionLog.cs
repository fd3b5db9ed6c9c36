using Npgsql;

namespace Orleans.GameState.Drill;

/// <summary>What PostgreSQL holds for one session: its log rows (version, update id) and the snapshot version.</summary>
public sealed record SessionLogRows(IReadOnlyList<(long Version, string UpdateId)> Rows, long SnapshotVersion);

public static class SessionLog
{
    public static async Task<SessionLogRows> ReadAsync(string connectionString, string sessionId, CancellationToken ct)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                var rows = new List<(long, string)>();
                await using (var command = new NpgsqlCommand(
                    "SELECT version, update_id FROM game_session_update WHERE session_id = @s ORDER BY version", connection))
                {
                    command.Parameters.AddWithValue("s", sessionId);
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        rows.Add((reader.GetInt64(0), reader.GetString(1)));
                    }
                }

                await using var snapshot = new NpgsqlCommand("SELECT version FROM game_session_snapshot WHERE session_id = @s", connection);
                snapshot.Parameters.AddWithValue("s", sessionId);
                var snapshotVersion = await snapshot.ExecuteScalarAsync(ct) is long v ? v : 0;
                return new SessionLogRows(rows, snapshotVersion);
            }
            catch (NpgsqlException e)
            {
                last = e;
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }

        throw new InvalidOperationException($"could not read the log of {sessionId}", last);
    }
}
