using Microsoft.Extensions.Configuration;
using Orleans.GameState.Serialization;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Orleans.GameState.Testing;

/// <summary>The test cluster's own client finds silos through the same membership table as the gateway.</summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder.Services.AddSerializer(serializer => serializer.AddGameStateContracts());
        clientBuilder.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = configuration[TestClusterSettings.ClusteringConnectionKey];
        });
    }
}
