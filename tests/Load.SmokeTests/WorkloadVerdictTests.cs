using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;
using Orleans.GameState.Load.Workloads;

namespace Orleans.GameState.Load.SmokeTests;

/// <summary>What the views, join and stall workloads conclude from their phases' figures.</summary>
public sealed class WorkloadVerdictTests
{
    private static LatencySummary Latency(double p50, double p95, double p99) => new(100, p50, p50, p95, p99, p99, []);

    private static PhaseResult Phase(string name, string kind, LatencySummary? delivery = null, LatencySummary? roundTrip = null, double deliveriesPerSecond = 0) => new()
    {
        Name = name,
        Kind = kind,
        Delivery = delivery ?? LatencySummary.Empty,
        RoundTrip = roundTrip ?? LatencySummary.Empty,
        DeliveriesPerSecond = deliveriesPerSecond,
    };

    [Theory]
    [InlineData(10, 11.9, true)]
    [InlineData(10, 12.1, false)]
    public void A_stalled_player_may_cost_the_others_at_most_a_fifth_on_delivery_p99(double without, double with, bool met)
    {
        var ratio = Assert.Single(StallWorkload.Ratios(
        [
            Phase(StallWorkload.Without, "gateway", delivery: Latency(1, 5, without)),
            Phase(StallWorkload.With, "gateway", delivery: Latency(1, 5, with)),
        ]));

        Assert.Equal(met, ratio.Met);
        Assert.Equal(Math.Round(with / without, 2), ratio.Value);
    }

    [Fact]
    public void A_connection_closed_long_after_it_was_counted_is_reported()
    {
        static StallObservation Observation(double? closed) =>
            new("silo-1", 0, 1, 3.7, closed, closed, 2.6, 4_000_000, 13, 100_000, "receive error", 400, 410, 410, []);

        Assert.Contains(StallWorkload.Describe(Observation(12.7)), line => line.StartsWith("NOT CLOSED PROMPTLY", StringComparison.Ordinal));
        Assert.Contains(StallWorkload.Describe(Observation(null)), line => line.Contains("still open when the watch ended", StringComparison.Ordinal));
        Assert.DoesNotContain(StallWorkload.Describe(Observation(4.0)), line => line.StartsWith("NOT CLOSED PROMPTLY", StringComparison.Ordinal));
    }

    [Fact]
    public void Join_p50_is_held_to_twenty_milliseconds_and_compared_with_the_select()
    {
        var ratios = JoinWorkload.Ratios(
        [
            Phase("join", "join", roundTrip: Latency(15, 30, 40)),
            Phase("requestFull", "request-full", roundTrip: Latency(12, 20, 25)),
            Phase("postgres select", "postgres-select", roundTrip: Latency(5, 10, 20)),
        ]);

        var target = ratios[0];
        Assert.True(target.Met);
        Assert.Equal(3, target.Value);
        Assert.Equal(2, ratios.Single(r => r.Name == "join p99 vs SELECT").Value);
        Assert.Equal(2.4, ratios.Single(r => r.Name == "requestFull p50 vs SELECT").Value);
        Assert.False(JoinWorkload.Ratios([Phase("join", "join", roundTrip: Latency(25, 30, 40))])[0].Met);
    }

    [Fact]
    public void Views_on_is_compared_with_views_off()
    {
        var ratios = ViewsWorkload.Ratios(
        [
            Phase(ViewsWorkload.Off, "gateway", delivery: Latency(2, 4, 8), roundTrip: Latency(1, 2, 4), deliveriesPerSecond: 1000),
            Phase(ViewsWorkload.On, "gateway", delivery: Latency(3, 6, 10), roundTrip: Latency(1, 2, 5), deliveriesPerSecond: 800),
        ]);

        Assert.Equal(0.8, ratios.Single(r => r.Name == "views on vs off: deliveries/s").Value);
        Assert.Equal(1.25, ratios.Single(r => r.Name == "views on vs off: delivery p99").Value);
        Assert.Empty(ViewsWorkload.Ratios([Phase(ViewsWorkload.Off, "gateway")]));
    }
}
