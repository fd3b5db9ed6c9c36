namespace Orleans.GameState.Grains.FunctionalTests;

/// <summary>
/// One 3-silo cluster on PostgreSQL shared by the session tests that do not break it. History settings
/// are small so that pruning and snapshots happen within a test.
/// </summary>
public sealed class SessionClusterFixture : IAsyncLifetime
{
    public const int LogRetention = 20;

    public GameStateCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync() =>
        Cluster = await GameStateCluster.StartAsync("sessions", silos: 3, new Dictionary<string, string>
        {
            ["Sessions:LogRetention"] = LogRetention.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sessions:SnapshotMinLogBytes"] = "1",
            ["Sessions:SnapshotMaxUpdates"] = "7",
            ["Sessions:RecentBroadcasts"] = "4",
        });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SessionClusterCollection : ICollectionFixture<SessionClusterFixture>
{
    public const string Name = "session cluster";
}
