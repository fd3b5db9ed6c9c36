using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Orleans.GameState.Client;
using Orleans.GameState.Contract;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// Issue 15 target 6: joins of one session whose state is about <c>--state-bytes</c> (1 MB by default). The GM grows
/// the state in <c>--update-bytes</c> updates; then <c>--join-concurrency</c> member connections, each open for the
/// whole run, repeat <c>gameSession:join</c> (timed from invocation to answer), <c>gameState:requestFull</c> (timed
/// too) and <c>gameSession:leave</c> (not timed) until <c>--joins</c> joins are done. Leave and join on a kept
/// connection time the join alone: a fresh connection per join would add the WebSocket upgrade and authentication.
/// The baseline, in the same run: a PostgreSQL SELECT of the same state as a 1 MB row, at the same concurrency.
/// </summary>
public static class JoinWorkload
{
    public const double JoinGoalMs = 20;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<PhaseResult>> RunAsync(PhaseContext context, string? postgres, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var concurrency = options.JoinConcurrency;
        var session = (await LoadRunner.SetupSessionsAsync(context, 1, concurrency, cancellationToken))[0];
        var gmToken = await context.Api.TokenAsync(session.Gm);
        await using var gm = new GameSessionClient(context.Api.Gateway, () => Task.FromResult(gmToken), SdkPlayer.ClientOptions());
        await gm.JoinAsync(session.SessionId, cancellationToken);
        var growth = UpdateGenerator.Padding(gm.GetStateJson().Length, options.StateBytes, options.GrowthUpdateBytes).ToList();
        context.Progress.Line($"join: growing the state to about {options.StateBytes:N0} bytes in {growth.Count} update(s) of up to {options.GrowthUpdateBytes:N0} bytes");
        foreach (var operations in growth)
        {
            (await gm.UpdateAsync(operations)).EnsureSuccess();
        }

        var state = gm.GetStateJson();
        var joins = new PhaseMetrics();
        var fulls = new PhaseMetrics();
        var answerBytes = 0;
        var hub = new Uri(context.Api.Gateway, HubProtocol.Path);
        var connections = new HubConnection[concurrency];
        IReadOnlyList<ResourceSample> cpuBefore = [], cpuAfter = [];
        try
        {
            context.Progress.Line($"join: {concurrency} member connection(s), one unmeasured join each");
            await context.ForEachAsync(Enumerable.Range(0, concurrency), async i =>
            {
                connections[i] = RawPlayer.Connect(hub, await context.Api.TokenAsync(session.Players[i]));
                await connections[i].StartAsync(cancellationToken);
                var answer = await InvokeAsync(connections[i], HubProtocol.Methods.Join, session.SessionId, joins, cancellationToken);
                if (answer?.TryGetProperty("gameState", out var joined) == true)
                {
                    Interlocked.Exchange(ref answerBytes, joined.GetRawText().Length);
                }

                await InvokeAsync(connections[i], HubProtocol.Methods.Leave, session.SessionId, joins, cancellationToken);
            });

            context.Progress.Line($"join: {options.Joins} joins of a {state.Length:N0}-byte state, {concurrency} at a time, each followed by a requestFull and a leave");
            var remaining = options.Joins;
            var deadline = Stopwatch.GetTimestamp() + (long)(Deadline.TotalSeconds * Stopwatch.Frequency);
            cpuBefore = await context.SampleServer();
            joins.StartMeasuring();
            fulls.StartMeasuring();
            await Task.WhenAll(connections.Select(connection => Task.Run(async () =>
            {
                while (Interlocked.Decrement(ref remaining) >= 0 && Stopwatch.GetTimestamp() < deadline)
                {
                    await InvokeAsync(connection, HubProtocol.Methods.Join, session.SessionId, joins, cancellationToken);
                    await InvokeAsync(connection, HubProtocol.Methods.RequestFull, session.SessionId, fulls, cancellationToken);
                    await InvokeAsync(connection, HubProtocol.Methods.Leave, session.SessionId, metrics: null, cancellationToken);
                }
            }, cancellationToken)));
            joins.StopMeasuring();
            fulls.StopMeasuring();
            cpuAfter = await context.SampleServer();
        }
        finally
        {
            await Task.WhenAll(connections.OfType<HubConnection>().Select(c => c.DisposeAsync().AsTask()));
        }

        var cycles = Math.Max(joins.Acked, 1);
        var cpu = cpuAfter.Select(a => (a.Process, Ms: a.CpuMs - (cpuBefore.FirstOrDefault(b => b.Process == a.Process)?.CpuMs ?? a.CpuMs)))
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Process} {p.Ms / cycles:F2} ms"));
        var note = string.Create(CultureInfo.InvariantCulture, $"state {state.Length:N0} bytes; join answer's gameState {answerBytes:N0} bytes; ") +
                   $"server CPU per join + requestFull + leave: {(cpuAfter.Count == 0 ? "n/a (no server process sampled)" : string.Join(", ", cpu))}";
        var phases = new List<PhaseResult>
        {
            Result("join", "join", $"gameSession:join of one session, from invocation to answer, {concurrency} member connection(s) each joining, asking requestFull and leaving in turn", joins, concurrency, state.Length, note),
            Result("requestFull", "request-full", "gameState:requestFull of the same session by a joined member, from invocation to answer", fulls, concurrency, state.Length, note),
        };
        if (postgres is not null)
        {
            phases.Add(await PostgresSelectPhase.RunAsync(context, "postgres select", postgres, concurrency, options.Joins, state, cancellationToken));
        }

        return phases;
    }

    /// <summary>Join p50 against the target, and join and requestFull against the SELECT of the same bytes.</summary>
    public static IReadOnlyList<Ratio> Ratios(IReadOnlyList<PhaseResult> phases)
    {
        var join = phases.FirstOrDefault(p => p.Kind == "join");
        if (join is not { RoundTrip.Count: > 0 })
        {
            return [];
        }

        var select = phases.FirstOrDefault(p => p.Kind == "postgres-select" && p.RoundTrip.Count > 0);
        var full = phases.FirstOrDefault(p => p.Kind == "request-full" && p.RoundTrip.Count > 0);
        var ratios = new List<Ratio>
        {
            new("join p50 (issue 15 target 6)", join.RoundTrip.P50Ms, select?.RoundTrip.P50Ms ?? double.NaN, "ms",
                select is { RoundTrip.P50Ms: > 0 } ? Math.Round(join.RoundTrip.P50Ms / select.RoundTrip.P50Ms, 2) : double.NaN,
                $"<= {JoinGoalMs} ms", join.RoundTrip.P50Ms <= JoinGoalMs, select is null ? "no PostgreSQL baseline in this run" : "baseline: SELECT of the same state as one row, same concurrency"),
        };
        if (select is not null)
        {
            ratios.Add(new Ratio("join p95 vs SELECT", join.RoundTrip.P95Ms, select.RoundTrip.P95Ms, "ms", Math.Round(join.RoundTrip.P95Ms / Math.Max(select.RoundTrip.P95Ms, 1e-3), 2), "info", true, ""));
            ratios.Add(new Ratio("join p99 vs SELECT", join.RoundTrip.P99Ms, select.RoundTrip.P99Ms, "ms", Math.Round(join.RoundTrip.P99Ms / Math.Max(select.RoundTrip.P99Ms, 1e-3), 2), "info", true, ""));
            if (full is not null)
            {
                ratios.Add(new Ratio("requestFull p50 vs SELECT", full.RoundTrip.P50Ms, select.RoundTrip.P50Ms, "ms", Math.Round(full.RoundTrip.P50Ms / Math.Max(select.RoundTrip.P50Ms, 1e-3), 2), "info", true, ""));
            }
        }

        return ratios;
    }

    /// <summary>One invocation, timed into <paramref name="metrics"/> when it succeeds; null after a failure (counted).</summary>
    private static async Task<JsonElement?> InvokeAsync(HubConnection connection, string method, string sessionId, PhaseMetrics? metrics, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            var answer = await connection.InvokeAsync<JsonElement>(method, sessionId, cancellationToken).WaitAsync(InvocationTimeout, cancellationToken);
            if (answer.TryGetProperty("success", out var success) && success.GetBoolean())
            {
                metrics?.Acknowledged(sent);
                return answer;
            }

            metrics?.Failed(answer.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var code) ? code.GetString() ?? "UNKNOWN" : "UNKNOWN");
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or Microsoft.AspNetCore.SignalR.HubException)
        {
            metrics?.Failed($"{method}:{e.GetType().Name}");
        }

        return null;
    }

    private static PhaseResult Result(string name, string kind, string description, PhaseMetrics metrics, int concurrency, int stateBytes, string note) => new()
    {
        Name = name,
        Kind = kind,
        Description = description,
        Sessions = 1,
        Concurrency = concurrency,
        MeasuredSeconds = Math.Round(metrics.MeasuredSeconds, 2),
        Acked = metrics.Acked,
        AckedPerSecond = Math.Round(metrics.Acked / Math.Max(metrics.MeasuredSeconds, 1e-3), 1),
        RoundTrip = metrics.RoundTrip.Summary(),
        AveragePayloadBytes = stateBytes,
        ErrorsByCode = new SortedDictionary<string, long>(metrics.ErrorsByCode),
        Notes = [note],
    };
}
