using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.GameState.Serialization;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Orleans.GameState.Testing;

/// <summary>
/// The test cluster's own client finds silos through the same membership table as the gateway, and refreshes its list
/// of silo gateways as often as the gateway does (Orleans' default, a minute, kept it sending to a killed silo's
/// endpoint long after the cluster had moved on).
/// </summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder.Services.AddSerializer(serializer => serializer.AddGameStateContracts());
        clientBuilder.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        clientBuilder.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = configuration[TestClusterSettings.ClusteringConnectionKey];
        });
    }
}
