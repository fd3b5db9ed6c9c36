using Orleans.GameState.Load.Reporting;
using Xunit.Abstractions;

namespace Orleans.GameState.Load.SmokeTests;

/// <summary>
/// The load tool's soak: many sessions with closed-loop GMs (each next update as soon as the last is acknowledged) and
/// SDK players, for a minute, on a 2-silo cluster with the real gateway; nothing may be lost, duplicated or reordered,
/// and every player must end with the server's state. Slow: run with <c>deploy/test.sh --filter Category=Slow</c>.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LoadSoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_minute_of_closed_loop_load_on_twenty_sessions_loses_duplicates_and_reorders_nothing()
    {
        using var reports = new TemporaryDirectory("load-soak");
        var options = new LoadOptions
        {
            Mode = LoadMode.Cluster,
            InProcess = true,
            Silos = 2,
            Sessions = 20,
            Players = 5,
            OperationsPerUpdate = 2,
            Rate = 0,
            StateBytes = 8192,
            Duration = TimeSpan.FromSeconds(60),
            Warmup = TimeSpan.FromSeconds(5),
            Baselines = false,
            Name = "soak",
        };

        var report = await LoadRunner.RunAsync(options, reports.Path, new PlainProgress(new TestOutputWriter(output), TimeSpan.FromSeconds(10)));
        var ours = Assert.Single(report.Phases, p => p.Kind == "gateway");
        output.WriteLine($"acked {ours.Acked} ({ours.AckedPerSecond}/s), deliveries {ours.Deliveries}, RTT p99 {ours.RoundTrip.P99Ms} ms");
        foreach (var example in ours.ViolationExamples)
        {
            output.WriteLine(example);
        }

        Assert.Empty(ours.Violations);
        Assert.Empty(ours.ErrorsByCode);
        Assert.True(ours.Convergence?.AllConverged, string.Join("; ", ours.Convergence?.Problems ?? []));
        Assert.Equal(100, ours.Convergence!.Players);
        Assert.True(ours.Acked > 1000, $"only {ours.Acked} updates were acknowledged in a minute");
    }
}
