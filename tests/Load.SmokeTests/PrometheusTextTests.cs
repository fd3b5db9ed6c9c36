using Orleans.GameState.Load.Metrics;

namespace Orleans.GameState.Load.SmokeTests;

/// <summary>Reading one counter off a Prometheus scrape, as the stall workload reads the gateway's.</summary>
public sealed class PrometheusTextTests
{
    private const string Metric = "gamestate_gateway_stalled_disconnects_total";

    [Fact]
    public void Reads_a_counter_with_labels_and_a_timestamp()
    {
        const string scrape = """
            # TYPE gamestate_gateway_stalled_disconnects_total counter
            # HELP gamestate_gateway_stalled_disconnects_total Connections dropped because they fell too far behind.
            gamestate_gateway_stalled_disconnects_total{otel_scope_name="Orleans.GameState.Gateway"} 3 1733390000000
            # EOF
            """;

        Assert.Equal(3, PrometheusText.Value(scrape, Metric));
    }

    [Fact]
    public void Sums_label_sets_and_ignores_metrics_whose_name_only_starts_alike()
    {
        const string scrape = """
            gamestate_gateway_stalled_disconnects_total{gateway="a",path="/x{y}"} 2
            gamestate_gateway_stalled_disconnects_total{gateway="b"} 1.5e0
            gamestate_gateway_stalled_disconnects_total_created 1733390000
            gamestate_gateway_stalled 40
            """;

        Assert.Equal(3.5, PrometheusText.Value(scrape, Metric));
    }

    [Fact]
    public void Reads_a_sample_without_labels() =>
        Assert.Equal(7, PrometheusText.Value("gamestate_gateway_stalled_disconnects_total 7\n", Metric));

    [Fact]
    public void An_absent_counter_is_null_not_zero()
    {
        const string scrape = """
            # TYPE gamestate_gateway_connections gauge
            gamestate_gateway_connections{otel_scope_name="Orleans.GameState.Gateway"} 12
            """;

        Assert.Null(PrometheusText.Value(scrape, Metric));
        Assert.Null(PrometheusText.Value("", Metric));
    }
}
