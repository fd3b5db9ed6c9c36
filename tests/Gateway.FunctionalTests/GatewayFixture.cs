namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>A 2-silo cluster on PostgreSQL with two real gateways on loopback, shared by the hub and REST tests.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public GameStateCluster Cluster { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public GatewayServer SecondGateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await GameStateCluster.StartAsync("gateway", silos: 2, new Dictionary<string, string>
        {
            ["Sessions:LogRetention"] = "20",
            ["Sessions:SnapshotMinLogBytes"] = "1",
            ["Sessions:RecentBroadcasts"] = "4",
        });
        Gateway = await GatewayServer.StartAsync(Cluster);
        SecondGateway = await GatewayServer.StartAsync(Cluster);
    }

    public async Task DisposeAsync()
    {
        await SecondGateway.DisposeAsync();
        await Gateway.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
