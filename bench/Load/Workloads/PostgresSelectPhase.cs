using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// The join baseline: <c>concurrency</c> loops, each reading one row of a given JSON body (the session's state) by
/// primary key with Npgsql on the same PostgreSQL, <c>count</c> reads in all. Stored uncompressed, so every read
/// moves the whole body as a row of a real 1 MB state would (the padding of the load tool's state compresses to nothing).
/// </summary>
public static class PostgresSelectPhase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static async Task<PhaseResult> RunAsync(PhaseContext context, string name, string connectionString, int concurrency, int count, string body, CancellationToken cancellationToken)
    {
        var table = $"load_select_{Guid.NewGuid():N}"[..26];
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Min(concurrency, PostgresPhase.MaxConnections) };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var create = dataSource.CreateCommand($"CREATE TABLE {table} (id int PRIMARY KEY, body json NOT NULL); ALTER TABLE {table} ALTER COLUMN body SET STORAGE EXTERNAL"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var metrics = new PhaseMetrics();
        try
        {
            await using (var insert = dataSource.CreateCommand($"INSERT INTO {table} (id, body) VALUES (1, $1)"))
            {
                insert.Parameters.Add(new() { Value = body, NpgsqlDbType = NpgsqlDbType.Json });
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            context.Progress.Line($"{name}: {count} SELECTs of one {body.Length:N0}-byte row, {concurrency} at a time");
            var remaining = count;
            var deadline = Stopwatch.GetTimestamp() + (long)(Deadline.TotalSeconds * Stopwatch.Frequency);
            async Task<bool> SelectAsync()
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    await using var select = dataSource.CreateCommand($"SELECT body FROM {table} WHERE id = 1");
                    await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                    if (!await reader.ReadAsync(cancellationToken) || reader.GetString(0).Length != body.Length)
                    {
                        metrics.Failed("SELECT:wrong row");
                        return false;
                    }

                    metrics.Acknowledged(sent);
                    return true;
                }
                catch (NpgsqlException e)
                {
                    metrics.Failed("POSTGRES:" + (e as PostgresException)?.SqlState);
                    return false;
                }
            }

            // One unmeasured read per loop opens the pooled connections.
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => SelectAsync()));
            metrics.StartMeasuring();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Decrement(ref remaining) >= 0 && Stopwatch.GetTimestamp() < deadline)
                {
                    await SelectAsync();
                }
            }, cancellationToken)));
            metrics.StopMeasuring();

            return new PhaseResult
            {
                Name = name,
                Kind = "postgres-select",
                Description = $"Npgsql: {concurrency} loop(s) of SELECT body FROM t WHERE id = 1, the row holding the session's {body.Length:N0}-byte state (json, stored uncompressed), {count} reads",
                Sessions = 1,
                Concurrency = concurrency,
                MeasuredSeconds = Math.Round(metrics.MeasuredSeconds, 2),
                Acked = metrics.Acked,
                AckedPerSecond = Math.Round(metrics.Acked / Math.Max(metrics.MeasuredSeconds, 1e-3), 1),
                RoundTrip = metrics.RoundTrip.Summary(),
                AveragePayloadBytes = body.Length,
                ErrorsByCode = new SortedDictionary<string, long>(metrics.ErrorsByCode),
            };
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {table}");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
