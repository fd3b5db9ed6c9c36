using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;
using Xunit.Abstractions;

namespace Orleans.GameState.Load.SmokeTests;

/// <summary>
/// The load tool's smoke scenario: 3 sessions x 3 SDK players, GMs at 40 updates/s each (a correctness check, not a
/// throughput one: no player can fall the gateway's 1,024 buffered events behind, even on a slow CI machine), 8 measured
/// seconds on a 2-silo cluster with the real gateway (in this process), plus short PostgreSQL and bare-hub baselines,
/// so the whole tool runs.
/// </summary>
public sealed class LoadSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Smoke_scenario_loses_duplicates_and_reorders_nothing_and_every_player_converges()
    {
        using var reports = new TemporaryDirectory("load-smoke");
        var options = new LoadOptions
        {
            Mode = LoadMode.Cluster,
            InProcess = true,
            Silos = 2,
            Sessions = 3,
            Players = 3,
            OperationsPerUpdate = 3,
            Rate = 40,
            StateBytes = 4096,
            Duration = TimeSpan.FromSeconds(8),
            Warmup = TimeSpan.FromSeconds(1),
            BaselineDuration = TimeSpan.FromSeconds(2),
            Name = "smoke",
        };

        var report = await LoadRunner.RunAsync(options, reports.Path, new PlainProgress(new TestOutputWriter(output), TimeSpan.FromSeconds(4)));
        var (json, html) = await ReportWriter.WriteAsync(report, reports.Path);

        var ours = Assert.Single(report.Phases, p => p.Kind == "gateway");
        output.WriteLine($"acked {ours.Acked} ({ours.AckedPerSecond}/s), deliveries {ours.Deliveries}, RTT p99 {ours.RoundTrip.P99Ms} ms, delivery p99 {ours.Delivery.P99Ms} ms");
        foreach (var example in ours.ViolationExamples)
        {
            output.WriteLine(example);
        }

        Assert.Empty(ours.Violations);
        Assert.Empty(ours.ErrorsByCode);
        Assert.NotNull(ours.Convergence);
        Assert.True(ours.Convergence.AllConverged, string.Join("; ", ours.Convergence.Problems));
        Assert.Equal(9, ours.Convergence.Players);
        Assert.True(ours.Acked > 0, "no update was acknowledged");
        Assert.True(ours.Deliveries >= ours.Acked, "players received fewer updates than were acknowledged");
        Assert.True(report.Correct);

        // The baselines ran and the report was written in both forms.
        Assert.Contains(report.Phases, p => p.Kind == "postgres" && p.Acked > 0);
        Assert.Contains(report.Phases, p => p.Kind == "bare-hub" && p.Deliveries > 0 && p.Correct);
        Assert.Contains(report.Ratios, r => r.Name.StartsWith("durable updates/s", StringComparison.Ordinal));
        Assert.Contains("<svg", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        Assert.Contains("\"phases\"", await File.ReadAllTextAsync(json), StringComparison.Ordinal);
    }
}
