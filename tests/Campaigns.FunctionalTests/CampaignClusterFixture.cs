namespace Orleans.GameState.Campaigns.FunctionalTests;

/// <summary>One 2-silo cluster on PostgreSQL shared by the campaign tests that do not break it.</summary>
public sealed class CampaignClusterFixture : IAsyncLifetime
{
    public GameStateCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await GameStateCluster.StartAsync("campaigns", silos: 2);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CampaignClusterCollection : ICollectionFixture<CampaignClusterFixture>
{
    public const string Name = "campaign cluster";
}
