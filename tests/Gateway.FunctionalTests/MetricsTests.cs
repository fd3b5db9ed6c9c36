namespace Orleans.GameState.Gateway.FunctionalTests;

[Collection(GatewayCollection.Name)]
public sealed class MetricsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_prometheus_endpoint_shows_connections_and_deliveries()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var player = await RecordingHubClient.ConnectAsync(fixture.Gateway, SessionScenario.Player);
        await player.JoinAsync(session.SessionId);
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        Assert.True(await player.WaitUntilAsync(c => !c.Updated.IsEmpty));

        string scrape = string.Empty;
        for (var i = 0; i < 50 && !scrape.Contains("gamestate_gateway_deliveries", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            scrape = await fixture.Gateway.Http.GetStringAsync("/metrics");
        }

        Assert.Contains("gamestate_gateway_deliveries", scrape, StringComparison.Ordinal);
        Assert.Contains("gamestate_gateway_connections", scrape, StringComparison.Ordinal);
        Assert.Contains("gamestate_gateway_fanout_latency", scrape, StringComparison.Ordinal);
    }
}
