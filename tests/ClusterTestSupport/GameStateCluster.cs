using Orleans.TestingHost;

namespace Orleans.GameState.Testing;

/// <summary>
/// A TestingHost cluster of several silos on real PostgreSQL databases: one for session and grain
/// storage, one for cluster membership. Disposing it stops the silos and drops both databases.
/// </summary>
public sealed class GameStateCluster : IAsyncDisposable
{
    private GameStateCluster(TestCluster cluster, PostgresDatabase storage, PostgresDatabase clustering)
    {
        Cluster = cluster;
        Storage = storage;
        Clustering = clustering;
    }

    public TestCluster Cluster { get; }

    public PostgresDatabase Storage { get; }

    public PostgresDatabase Clustering { get; }

    public IClusterClient Client => Cluster.Client;

    public static async Task<GameStateCluster> StartAsync(string name, int silos = 3, IReadOnlyDictionary<string, string>? settings = null)
    {
        var storage = await PostgresDatabase.CreateAsync($"{name}_data");
        var clustering = await PostgresDatabase.CreateAsync($"{name}_members");
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.UseTestClusterMembership = false;

        // Real sockets (the default is an in-memory transport): the gateway under test is an ordinary
        // Orleans client that must reach the silos over TCP, like in production.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties[TestClusterSettings.PostgresConnectionKey] = storage.ConnectionString;
        builder.Properties[TestClusterSettings.ClusteringConnectionKey] = clustering.ConnectionString;
        builder.Properties[TestClusterSettings.ClusterIdKey] = builder.Options.ClusterId;
        builder.Properties[TestClusterSettings.ServiceIdKey] = builder.Options.ServiceId;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GameStateCluster(cluster, storage, clustering);
    }

    /// <summary>Settings for the gateway so it joins this cluster as a client, exactly as in production.</summary>
    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>
    {
        [TestClusterSettings.PostgresConnectionKey] = Storage.ConnectionString,
        [TestClusterSettings.ClusterIdKey] = Cluster.Options.ClusterId,
        [TestClusterSettings.ServiceIdKey] = Cluster.Options.ServiceId,
        [TestClusterSettings.ClusteringConnectionKey] = Clustering.ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
            await Storage.DisposeAsync();
            await Clustering.DisposeAsync();
        }
    }
}
