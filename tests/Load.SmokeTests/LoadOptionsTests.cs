namespace Orleans.GameState.Load.SmokeTests;

/// <summary>The command lines of the views, join and stall workloads (docs/performance.md), parsed and validated.</summary>
public sealed class LoadOptionsTests
{
    private static LoadOptions Parse(string line) => LoadOptions.Parse(line.Split(' '));

    [Fact]
    public void Views_with_raw_players_parses_as_documented()
    {
        var options = Parse("target http://127.0.0.1:5080 --workload views --players 100 --player-client raw --duration 15 --warmup 3");

        Assert.Equal(Workload.Views, options.Workload);
        Assert.Equal(LoadMode.Target, options.Mode);
        Assert.Equal(100, options.Players);
        Assert.Equal(1, options.Sessions);
        Assert.Equal(PlayerClient.Raw, options.PlayerClient);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Duration);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Warmup);
    }

    [Fact]
    public void Views_keeps_the_sessions_given()
    {
        var options = Parse("target http://127.0.0.1:5080 --workload views --sessions 20 --players 5 --player-client sdk --duration 15 --warmup 3");

        Assert.Equal(20, options.Sessions);
        Assert.Equal(5, options.Players);
        Assert.Equal(PlayerClient.Sdk, options.PlayerClient);
    }

    [Fact]
    public void Join_defaults_to_a_one_megabyte_state_grown_in_quarter_megabyte_updates()
    {
        var options = Parse("target http://127.0.0.1:5080 --workload join --joins 200 --join-concurrency 4");

        Assert.Equal(Workload.Join, options.Workload);
        Assert.Equal(200, options.Joins);
        Assert.Equal(4, options.JoinConcurrency);
        Assert.Equal(1024 * 1024, options.StateBytes);
        Assert.Equal(256 * 1024, options.GrowthUpdateBytes);
        Assert.Equal(1, options.Sessions);
        Assert.Contains("--joins 200 --join-concurrency 4", options.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Join_takes_the_state_and_update_sizes_given()
    {
        var options = Parse("cluster --workload join --state-bytes 500000 --update-bytes 100000 --sessions 3");

        Assert.Equal(500000, options.StateBytes);
        Assert.Equal(100000, options.GrowthUpdateBytes);
        Assert.Equal(1, options.Sessions);
    }

    [Fact]
    public void Stall_parses_its_payload_size()
    {
        var options = Parse("target http://127.0.0.1:5080 --workload stall --players 10 --rate 50 --update-bytes 16384 --duration 15 --warmup 3");

        Assert.Equal(Workload.Stall, options.Workload);
        Assert.Equal(10, options.Players);
        Assert.Equal(50, options.Rate);
        Assert.Equal(16384, options.UpdateBytes);
        Assert.Contains("--update-bytes 16384", options.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cluster --workload join --joins 0")]
    [InlineData("cluster --workload join --join-concurrency 0")]
    [InlineData("cluster --workload stall --update-bytes -1")]
    [InlineData("cluster --workload stall --update-bytes 2000000")]
    [InlineData("cluster --workload views --players 1")]
    [InlineData("cluster --workload hidden")]
    [InlineData("cluster --joins")]
    public void Out_of_range_values_are_refused(string line) =>
        Assert.Throws<ArgumentException>(() => Parse(line));

    [Fact]
    public void The_usage_names_the_new_workloads_and_options()
    {
        Assert.Contains("views|join|stall", LoadOptions.Usage, StringComparison.Ordinal);
        Assert.Contains("--joins", LoadOptions.Usage, StringComparison.Ordinal);
        Assert.Contains("--join-concurrency", LoadOptions.Usage, StringComparison.Ordinal);
        Assert.Contains("--update-bytes", LoadOptions.Usage, StringComparison.Ordinal);
    }
}
