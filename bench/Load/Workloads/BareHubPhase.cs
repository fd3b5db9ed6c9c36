using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using Orleans.GameState.Contract;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// The fan-out baseline: per session a publisher sends broadcasts shaped and sized like ours (closed loop or at a
/// rate) to the bare hub, which relays each to the session's group of raw players, the same client as
/// <see cref="RawPlayer"/> on our gateway.
/// </summary>
public static class BareHubPhase
{
    public static async Task<PhaseResult> RunAsync(
        PhaseContext context, string name, Uri hub, int sessions, int playersPerSession, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var metrics = new PhaseMetrics();
        var sendTimes = new SendTimes(sessions);
        var generator = new UpdateGenerator(options.OperationsPerUpdate);
        var players = new ConcurrentBag<RawPlayer>();
        var publishers = new HubConnection[sessions];
        try
        {
            context.Progress.Line($"{name}: connecting {sessions} publisher(s) and {sessions * playersPerSession} raw player(s) to the bare hub");
            await context.ForEachAsync(Enumerable.Range(0, sessions), async s =>
            {
                publishers[s] = RawPlayer.Connect(hub, token: null);
                await publishers[s].StartAsync(cancellationToken);
            });
            await context.ForEachAsync(Enumerable.Range(0, sessions).SelectMany(s => Enumerable.Range(0, playersPerSession).Select(p => (s, p))), async pair =>
                players.Add(await RawPlayer.JoinAsync(hub, null, Group(pair.s), pair.s, $"bare-{pair.s}-{pair.p}", metrics, sendTimes)));

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var loops = Enumerable.Range(0, sessions)
                .Select(s => Task.Run(() => PublishLoopAsync(publishers[s], s, rate, options.Seed, generator, metrics, sendTimes, stop.Token), CancellationToken.None))
                .ToList();
            var monitor = new PhaseMonitor(name, metrics, context.Sampler(bareHub: true), context.Progress);
            try
            {
                await monitor.RunAsync(options.Warmup, duration, cancellationToken);
            }
            finally
            {
                await stop.CancelAsync();
            }

            var finals = await Task.WhenAll(loops);
            var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
            while (players.Any(p => p.Version < finals[p.Session]) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(100, CancellationToken.None);
            }

            var converged = players.Count(p => p.Version == finals[p.Session]);
            foreach (var player in players)
            {
                player.Audit(metrics);
            }

            return new PhaseResult
            {
                Name = name,
                Kind = "bare-hub",
                Description = $"bare SignalR hub: {sessions} group(s) x {playersPerSession} raw player(s), publisher " +
                              (rate > 0 ? $"at {rate:F1} broadcasts/s" : "closed loop") + ", same payload shape and size",
                Sessions = sessions,
                PlayersPerSession = playersPerSession,
                PlayerClient = "raw",
                Rate = rate,
                Concurrency = sessions,
                MeasuredSeconds = Math.Round(metrics.MeasuredSeconds, 2),
                Acked = metrics.Acked,
                AckedPerSecond = Math.Round(metrics.Acked / Math.Max(metrics.MeasuredSeconds, 1e-3), 1),
                RoundTrip = metrics.RoundTrip.Summary(),
                Deliveries = metrics.Deliveries,
                DeliveriesPerSecond = Math.Round(metrics.Deliveries / Math.Max(metrics.MeasuredSeconds, 1e-3), 1),
                Delivery = metrics.Delivery.Summary(),
                AveragePayloadBytes = Math.Round(metrics.AveragePayloadBytes),
                ErrorsByCode = new SortedDictionary<string, long>(metrics.ErrorsByCode),
                Violations = new SortedDictionary<string, long>(metrics.Violations),
                ViolationExamples = [.. metrics.ViolationExamples],
                Convergence = new Convergence(players.Count, converged, sessions, "each player received every published version", []),
                Resources = monitor.Usage(),
                MachineCpuPercent = monitor.MachineCpuPercent,
                Series = monitor.Series,
            };
        }
        finally
        {
            await Task.WhenAll(players.Select(p => p.DisposeAsync().AsTask())
                .Concat(publishers.OfType<HubConnection>().Select(p => p.DisposeAsync().AsTask())));
        }
    }

    private static string Group(int session) => "g" + session.ToString(CultureInfo.InvariantCulture);

    /// <summary>Publishes until stopped; returns the last version published.</summary>
    private static async Task<long> PublishLoopAsync(HubConnection publisher, int session, double rate, int seed, UpdateGenerator generator, PhaseMetrics metrics, SendTimes sendTimes, CancellationToken stop)
    {
        var random = new Random(seed * 7919 + session);
        var pacer = new OpenLoopPacer(rate, random);
        long version = 0;
        var group = Group(session);
        var payloadSession = "s-" + session.ToString("D32", CultureInfo.InvariantCulture); // as long as a real session id
        while (await pacer.WaitAsync(stop))
        {
            // The players joined at version 0: the first broadcast is version 1.
            var broadcast = new UpdateBroadcast(
                payloadSession, $"u-{Guid.NewGuid():N}", version.ToString(CultureInfo.InvariantCulture), (version + 1).ToString(CultureInfo.InvariantCulture),
                generator.NextAsBroadcast(random, version), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), UpdateSources.Gm);
            var sent = Stopwatch.GetTimestamp();
            sendTimes.Sent(session, version + 1, sent);
            try
            {
                await publisher.InvokeAsync("Broadcast", group, broadcast, CancellationToken.None);
                version++;
                metrics.Acknowledged(sent);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or Microsoft.AspNetCore.SignalR.HubException)
            {
                metrics.Failed("PUBLISH:" + e.GetType().Name);
                break;
            }
        }

        return version;
    }
}
