using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Grains.FunctionalTests;

/// <summary>
/// Chaos, bounded: many sessions updating at once (so silos commit their log rows in shared batches) while the silo
/// hosting the most of them is killed and replaced, round after round. Slow: run with
/// <c>deploy/test.sh --filter Category=Slow</c>.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SessionChaosTests
{
    private const int Sessions = 12;
    private const int Rounds = 4;
    private static readonly TimeSpan RoundLength = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_silos_round_after_round_under_load_loses_and_duplicates_no_acknowledged_update()
    {
        await using var cluster = await GameStateCluster.StartAsync("chaos", silos: 3);
        var sessions = new List<SessionScenario>();
        for (var i = 0; i < Sessions; i++)
        {
            sessions.Add(await SessionScenario.CreateAsync(cluster.Client));
        }

        using var stop = new CancellationTokenSource();
        var acknowledged = new ConcurrentDictionary<string, List<long>>();
        var gms = sessions.Select(session => Task.Run(() => UpdateUntilStoppedAsync(session, acknowledged, stop.Token))).ToArray();

        for (var round = 0; round < Rounds; round++)
        {
            await Task.Delay(RoundLength);
            var hosts = await Task.WhenAll(sessions.Select(async s => (await s.Grain.DescribeAsync())!.HostSilo));
            var busiest = hosts.GroupBy(h => h).OrderByDescending(g => g.Count()).First().Key;
            var silo = cluster.Cluster.Silos.Single(s => s.SiloAddress.ToString() == busiest);
            await cluster.Cluster.KillSiloAsync(silo);
            await cluster.Cluster.StartAdditionalSiloAsync();
        }

        await Task.Delay(RoundLength);
        await stop.CancelAsync();
        await Task.WhenAll(gms);

        foreach (var session in sessions)
        {
            var versions = acknowledged[session.SessionId];

            // Acknowledged versions run 2, 3, ... with no gap or repeat, and the log's retained tail is exactly them
            // (older rows are pruned behind snapshots); the counter every update incremented saw each one once.
            Assert.Equal(Enumerable.Range(2, versions.Count).Select(v => (long)v), versions);
            var tail = Math.Max(1, versions[^1] - 500);
            var log = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Gm, tail);
            Assert.Null(log.Error);
            Assert.Equal(versions.Where(v => v > tail), log.Updates!.Select(u => u.Version));
            var state = await session.StateAsync();
            Assert.Equal(versions.Count, state.GetProperty("pluginData").GetProperty("count").GetInt32());
            Assert.Equal(versions[^1].ToString(CultureInfo.InvariantCulture), state.GetProperty("stateVersion").GetString());
        }

        Assert.True(acknowledged.Values.Sum(v => v.Count) > Sessions * Rounds, "the GMs made too little progress to test anything");
    }

    /// <summary>A GM: one update at a time, each resent with the same id until answered (what the SDK does).</summary>
    private static async Task UpdateUntilStoppedAsync(SessionScenario session, ConcurrentDictionary<string, List<long>> acknowledged, CancellationToken stop)
    {
        var versions = acknowledged.GetOrAdd(session.SessionId, _ => []);
        var version = 1L;
        var started = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            var update = Ops.Update(session.SessionId, version, Ops.Inc("pluginData.count", 1));
            StateUpdateResponse response;
            try
            {
                response = await session.SendUntilAnsweredAsync(update, RecoveryDeadline);
            }
            catch (Exception e)
            {
                var host = await session.Grain.DescribeAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result?.HostSilo : t.Exception?.GetBaseException().GetType().Name);
                throw new InvalidOperationException($"{session.SessionId} v{version} unanswered after {started.Elapsed} (host now {host})", e);
            }

            Assert.True(response.Success, $"{session.SessionId} v{version} after {started.Elapsed}: {response.Error?.Code} {response.Error?.Message}");
            version = long.Parse(response.NewVersion!, CultureInfo.InvariantCulture);
            versions.Add(version);
        }
    }
}
