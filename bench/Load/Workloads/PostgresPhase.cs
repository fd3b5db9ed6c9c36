using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// The durability baseline: <c>concurrency</c> loops, each committing one single-row INSERT at a time (autocommit, as the
/// session grain's append) into a copy of the update log table, rows the size of our broadcasts, with Npgsql on
/// the same PostgreSQL. Commits per second at the same concurrency as our GMs.
/// </summary>
public static class PostgresPhase
{
    public const int MaxConnections = 64;

    public static async Task<PhaseResult> RunAsync(PhaseContext context, string name, string connectionString, int concurrency, double rate, int payloadBytes, TimeSpan duration, CancellationToken cancellationToken)
    {
        var table = $"load_baseline_{Guid.NewGuid():N}"[..28];
        // At most 64 connections: the silos keep up to 100 pooled connections each (Npgsql's default) and the test
        // server allows 300 in all, so a larger baseline pool fails with 53300 (too many connections) at high concurrency.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Min(concurrency, MaxConnections) };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var create = dataSource.CreateCommand(
            $"""
            CREATE TABLE {table} (
                session_id       text   NOT NULL,
                version          bigint NOT NULL,
                update_id        text   NOT NULL,
                last_updated     bigint NOT NULL,
                broadcast        json   NOT NULL,
                touched_entities json   NOT NULL DEFAULT '[]',
                PRIMARY KEY (session_id, version),
                UNIQUE (session_id, update_id))
            """))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var metrics = new PhaseMetrics();
        try
        {
            context.Progress.Line($"{name}: {concurrency} concurrent INSERT loop(s){Pace(rate)}, rows of {payloadBytes} bytes");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var loops = Enumerable.Range(0, concurrency).Select(w => Task.Run(() => InsertLoopAsync(dataSource, table, w, rate, payloadBytes, metrics, stop.Token), CancellationToken.None)).ToList();
            var monitor = new PhaseMonitor(name, metrics, context.Sampler(bareHub: false), context.Progress);
            try
            {
                await monitor.RunAsync(context.Options.Warmup, duration, cancellationToken);
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(loops);
            }

            return new PhaseResult
            {
                Name = name,
                Kind = "postgres",
                Description = $"Npgsql: {concurrency} loop(s){Pace(rate)} of single-row INSERT commits (autocommit) into a copy of game_session_update, {payloadBytes}-byte JSON rows, " +
                              $"on at most {Math.Min(concurrency, MaxConnections)} pooled connections",
                Sessions = concurrency,
                Concurrency = concurrency,
                MeasuredSeconds = Math.Round(metrics.MeasuredSeconds, 2),
                Acked = metrics.Acked,
                AckedPerSecond = Math.Round(metrics.Acked / Math.Max(metrics.MeasuredSeconds, 1e-3), 1),
                RoundTrip = metrics.RoundTrip.Summary(),
                AveragePayloadBytes = payloadBytes,
                ErrorsByCode = new SortedDictionary<string, long>(metrics.ErrorsByCode),
                Resources = monitor.Usage(),
                MachineCpuPercent = monitor.MachineCpuPercent,
                Series = monitor.Series,
            };
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {table}");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task InsertLoopAsync(NpgsqlDataSource dataSource, string table, int worker, double rate, int payloadBytes, PhaseMetrics metrics, CancellationToken stop)
    {
        var session = $"s-{worker:D32}";
        var pacer = new OpenLoopPacer(rate, new Random(worker));
        var pad = new string('x', Math.Max(0, payloadBytes - 200));
        for (long version = 2; await pacer.WaitAsync(stop); version++)
        {
            var updateId = $"u-{Guid.NewGuid():N}";
            var json = new StringBuilder(payloadBytes + 64)
                .Append(CultureInfo.InvariantCulture, $$"""{"sessionId":"{{session}}","updateId":"{{updateId}}","previousVersion":"{{version - 1}}","newVersion":"{{version}}",""")
                .Append(CultureInfo.InvariantCulture, $$"""
                    "operations":[{"path":"pluginData.load.counter","operation":"inc","value":1,"previous":{{version}}}],"timestamp":0,"source":"gm","pad":"{{pad}}"}
                    """)
                .ToString();
            var sent = Stopwatch.GetTimestamp();
            try
            {
                await using var insert = dataSource.CreateCommand(
                    $"INSERT INTO {table} (session_id, version, update_id, last_updated, broadcast, touched_entities) VALUES ($1, $2, $3, $4, $5, $6)");
                insert.Parameters.Add(new() { Value = session });
                insert.Parameters.Add(new() { Value = version });
                insert.Parameters.Add(new() { Value = updateId });
                insert.Parameters.Add(new() { Value = 0L });
                insert.Parameters.Add(new() { Value = json, NpgsqlDbType = NpgsqlDbType.Json });
                insert.Parameters.Add(new() { Value = "[]", NpgsqlDbType = NpgsqlDbType.Json });
                await insert.ExecuteNonQueryAsync(CancellationToken.None);
                metrics.Acknowledged(sent);
            }
            catch (NpgsqlException e)
            {
                metrics.Failed("POSTGRES:" + (e as PostgresException)?.SqlState);
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private static string Pace(double rate) => rate > 0 ? $" at {rate:F1} commits/s each (open loop, as the GMs)" : "";
}
