using System.Diagnostics;
using System.Globalization;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// Issue 16 item 6: what one player that stops reading costs the others, and how the gateway gets rid of it. One
/// session, the GM at <c>--rate</c> with <c>--update-bytes</c> payloads, <c>--players</c> raw players; twice: without,
/// then with one <see cref="StalledPlayer"/>. While the second phase runs (and up to 30 s after it) the kernel's TCP
/// table and the gateway's <c>/metrics</c> are polled: when the server's end of the stalled connection closes, how
/// long the server kept writing to it, when <c>stalled_disconnects</c> counted it. Then the stalled player reads again.
/// </summary>
public static class StallWorkload
{
    public const double DeliveryGoal = 1.2;
    public const string Metric = "gamestate_gateway_stalled_disconnects_total";
    public const string Without = "without a stalled player";
    public const string With = "with a stalled player";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AfterPhase = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);

    public static async Task<(IReadOnlyList<PhaseResult> Phases, StallObservation Observation)> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        // One member more than --players: the last is the stalled one, joined only in the second phase.
        var spec = (await LoadRunner.SetupSessionsAsync(context, 1, options.Players + 1, cancellationToken))[0];
        var stalledUser = spec.Players[^1];
        IReadOnlyList<SessionSpec> sessions = [spec with { Players = [.. spec.Players.SkipLast(1)] }];
        var generator = new UpdateGenerator(options.OperationsPerUpdate, options.UpdateBytes);
        var shape = new GatewayPhaseShape { Operations = generator.Next };

        var without = await GatewayPhase.RunAsync(context, Without, sessions, PlayerClient.Raw, cancellationToken, shape);

        var process = ServingProcess(await context.SampleServer());
        var counterBefore = await CounterAsync(context, cancellationToken);
        var rssBefore = await RssAsync(context, process);
        StalledPlayer? stalled = null;
        StallWatch? watch = null;
        Task? watching = null;
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var with = await GatewayPhase.RunAsync(context, With, sessions, PlayerClient.Raw, cancellationToken, shape with
            {
                PlayersJoinedAsync = async token =>
                {
                    stalled = await StalledPlayer.JoinAsync(context.Api.Gateway, await context.Api.TokenAsync(stalledUser), spec.SessionId, token);
                    context.Progress.Line($"{With}: {stalledUser} joined and stopped reading (local port {stalled.LocalPort})");
                    watch = new StallWatch(stalled, counterBefore);
                    watching = WatchAsync(context, watch, stopWatching.Token);
                },
            });

            watch?.Mark("the phase ended: the GM and the other players left");

            // The watch goes on after the phase until the server has closed its end, for at most AfterPhase.
            var deadline = Stopwatch.GetTimestamp() + (long)(AfterPhase.TotalSeconds * Stopwatch.Frequency);
            while (watch is { ServerClosed: null } && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(Poll, cancellationToken);
            }

            await stopWatching.CancelAsync();
            if (watching is not null)
            {
                await watching;
            }

            var (drained, outcome) = stalled is null ? (0L, "the stalled player never joined") : await stalled.DrainAsync(Drain);
            var counterAfter = await CounterAsync(context, cancellationToken);
            var rssAfter = await RssAsync(context, process);
            var observation = new StallObservation(
                process ?? "(no server process sampled)",
                counterBefore,
                counterAfter,
                watch?.Counted,
                watch?.ServerClosed,
                watch?.ClientSawClose,
                watch?.LastGrowth,
                watch?.MaxQueued ?? 0,
                Math.Round(watch?.Watched ?? 0, 2),
                drained,
                outcome,
                rssBefore,
                process is null ? null : with.Resources.FirstOrDefault(r => r.Process == process)?.PeakWorkingSetMb,
                rssAfter,
                watch?.Timeline ?? []);
            return ([without, with], observation);
        }
        finally
        {
            await stopWatching.CancelAsync();
            stalled?.Dispose();
        }
    }

    /// <summary>The others' delivery p99 with the stalled player against without (goal: at most 1.2x).</summary>
    public static IReadOnlyList<Ratio> Ratios(IReadOnlyList<PhaseResult> phases)
    {
        var without = phases.FirstOrDefault(p => p.Name == Without);
        var with = phases.FirstOrDefault(p => p.Name == With);
        if (without is not { Delivery.Count: > 0 } || with is not { Delivery.Count: > 0 })
        {
            return [];
        }

        var value = with.Delivery.P99Ms / Math.Max(without.Delivery.P99Ms, 1e-3);
        return
        [
            new Ratio("others' delivery p99 with a stalled player vs without", with.Delivery.P99Ms, without.Delivery.P99Ms, "ms", Math.Round(value, 2),
                $"<= {DeliveryGoal}x", value <= DeliveryGoal, "the same session, players, rate and payloads"),
        ];
    }

    /// <summary>What the stall workload prints besides the phases.</summary>
    public static IEnumerable<string> Describe(StallObservation o)
    {
        static string Seconds(double? value) => value is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:F2} s") : "not seen";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"stalled player: counted by {Metric} after {Seconds(o.SecondsToCounted)} (counter {o.CounterBefore?.ToString(CultureInfo.InvariantCulture) ?? "absent"} -> {o.CounterAfter?.ToString(CultureInfo.InvariantCulture) ?? "absent"}); " +
            $"server's end of the connection closed after {Seconds(o.SecondsToServerClosed)}; the client's end saw the close after {Seconds(o.SecondsToClientSawClose)}; " +
            $"the server's writes kept filling the socket for {Seconds(o.SecondsServerKeptWriting)} (at most {o.MaxQueuedBytes:N0} bytes queued in the kernel); watched {o.WatchedSeconds:F1} s");
        yield return $"stalled player reading again: {o.DrainedBytes:N0} bytes, then {o.DrainOutcome}";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"{o.Process} RSS: before {o.RssBeforeMb?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} MB, peak during {o.RssDuringMb?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} MB, after {o.RssAfterMb?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} MB");
        if (o.SecondsToCounted is { } counted && (o.SecondsToServerClosed is null || o.SecondsToServerClosed > counted + 5))
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"NOT CLOSED PROMPTLY: counted as stalled at {counted:F2} s, but the server's end of the TCP connection {(o.SecondsToServerClosed is { } closed ? $"closed only at {closed:F2} s" : "was still open when the watch ended")}");
        }
    }

    private static async Task WatchAsync(PhaseContext context, StallWatch watch, CancellationToken stop)
    {
        var limit = Stopwatch.GetTimestamp() + (long)((context.Options.Warmup + context.Options.Duration + AfterPhase + TimeSpan.FromMinutes(2)).TotalSeconds * Stopwatch.Frequency);
        while (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() < limit)
        {
            double? counter = null;
            try
            {
                counter = PrometheusText.Value(await context.Api.MetricsTextAsync(stop), Metric);
            }
            catch (HttpRequestException)
            {
                // The gateway did not answer this once: the next poll reads it.
            }
            catch (OperationCanceledException)
            {
                break;
            }

            watch.Observe(counter);
            try
            {
                await Task.Delay(Poll, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static async Task<double?> CounterAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        try
        {
            return PrometheusText.Value(await context.Api.MetricsTextAsync(cancellationToken), Metric) ?? 0;
        }
        catch (HttpRequestException e)
        {
            context.Progress.Line($"stall: no /metrics from the gateway ({e.Message})");
            return null;
        }
    }

    /// <summary>The process that serves the hub: the gateway, or the silo hosting it (all-in-one, cluster mode).</summary>
    private static string? ServingProcess(IReadOnlyList<ResourceSample> samples) =>
        samples.FirstOrDefault(s => s.Process.StartsWith("gateway", StringComparison.Ordinal))?.Process
        ?? samples.FirstOrDefault(s => s.Process.StartsWith("silo", StringComparison.Ordinal))?.Process;

    private static async Task<double?> RssAsync(PhaseContext context, string? process) =>
        process is null ? null : (await context.SampleServer()).FirstOrDefault(s => s.Process == process) is { } sample ? Math.Round(sample.WorkingSetBytes / 1048576.0, 1) : null;

    /// <summary>What the polls saw, in seconds since the player stalled.</summary>
    private sealed class StallWatch(StalledPlayer player, double? counterBefore)
    {
        private readonly List<string> _timeline = [];
        private TcpConnectionTable.State? _serverState;
        private TcpConnectionTable.State? _clientState;
        private readonly double _before = counterBefore ?? 0;
        private double? _counter;
        private long _queued = -1;
        private long _logged = -1;

        public double? Counted { get; private set; }

        public double? ServerClosed { get; private set; }

        public double? ClientSawClose { get; private set; }

        public double? LastGrowth { get; private set; }

        public long MaxQueued { get; private set; }

        public double Watched { get; private set; }

        public IReadOnlyList<string> Timeline
        {
            get
            {
                lock (_timeline)
                {
                    return [.. _timeline];
                }
            }
        }

        public void Observe(double? counter)
        {
            var now = Math.Round(Stopwatch.GetElapsedTime(player.StalledAt).TotalSeconds, 2);
            Watched = now;
            if (counter is { } value && value != (_counter ?? _before))
            {
                Add(now, $"{Metric} {(_counter ?? _before).ToString(CultureInfo.InvariantCulture)} -> {value.ToString(CultureInfo.InvariantCulture)}");
                if (value > _before)
                {
                    Counted ??= now;
                }

                _counter = value;
            }

            var server = TcpConnectionTable.Find(player.ServerPort, player.LocalPort);
            var client = TcpConnectionTable.Find(player.LocalPort, player.ServerPort);
            var serverState = server?.State ?? TcpConnectionTable.State.Close;
            var clientState = client?.State ?? TcpConnectionTable.State.Close;
            if (serverState != _serverState)
            {
                Add(now, $"server's socket {(server is null ? "gone" : serverState.ToString())}");
                _serverState = serverState;
            }

            if (clientState != _clientState)
            {
                Add(now, $"client's socket {(client is null ? "gone" : clientState.ToString())}");
                _clientState = clientState;
            }

            if (serverState != TcpConnectionTable.State.Established)
            {
                ServerClosed ??= now;
            }

            if (clientState != TcpConnectionTable.State.Established)
            {
                ClientSawClose ??= now;
            }

            // Bytes on their way to the stalled reader: the server's send queue and the client's receive queue.
            var queued = (server?.SendQueueBytes ?? 0) + (client?.ReceiveQueueBytes ?? 0);
            if (queued > _queued && _queued >= 0)
            {
                LastGrowth = now;
            }

            // Logged when it moved by a quarter since last logged, or emptied.
            if (queued != _logged && (_logged <= 0 || queued == 0 || Math.Abs(queued - _logged) > _logged / 4))
            {
                Add(now, $"{queued:N0} bytes queued in the kernel");
                _logged = queued;
            }

            _queued = queued;
            MaxQueued = Math.Max(MaxQueued, queued);
        }

        public void Mark(string what) => Add(Math.Round(Stopwatch.GetElapsedTime(player.StalledAt).TotalSeconds, 2), what);

        private void Add(double seconds, string what)
        {
            lock (_timeline)
            {
                if (_timeline.Count < 60)
                {
                    _timeline.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s: {what}"));
                }
            }
        }
    }
}
