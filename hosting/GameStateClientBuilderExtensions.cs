using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.GameState.Serialization;
using Orleans.Serialization;

namespace Orleans.GameState.Hosting;

/// <summary>The one Orleans client set-up of the system: the gateway, tools/Import, tools/Drill and the tests' cluster client.</summary>
public static class GameStateClientBuilderExtensions
{
    /// <summary>
    /// Joins the cluster named by <c>Orleans:ClusterId</c>/<c>ServiceId</c>: through the fixed <c>Orleans:Gateways</c>
    /// when set, else through the membership table in PostgreSQL (<see cref="GameStateCluster.ClusteringConnectionString"/>),
    /// else on localhost (<c>Orleans:GatewayPort</c>). The contract types' serializers are registered.
    /// </summary>
    public static IClientBuilder AddGameStateClient(this IClientBuilder client, IConfiguration configuration)
    {
        var options = configuration.GetSection(ClusterClientOptions.SectionName).Get<ClusterClientOptions>() ?? new ClusterClientOptions();
        client.Configure<ClusterOptions>(cluster => GameStateCluster.ConfigureIds(cluster, configuration));
        client.Services.AddSerializer(serializer => serializer.AddGameStateContracts());

        // Orleans' default (a minute) kept clients sending to a killed silo's gateway long after the cluster had moved on.
        client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));

        var connectionString = GameStateCluster.ClusteringConnectionString(configuration);
        if (options.Gateways.Length > 0)
        {
            client.UseStaticClustering(options.Gateways.Select(IPEndPoint.Parse).ToArray());
        }
        else if (connectionString is not null)
        {
            client.UseAdoNetClustering(adoNet =>
            {
                adoNet.Invariant = GameStateCluster.AdoNetInvariant;
                adoNet.ConnectionString = connectionString;
            });
        }
        else
        {
            client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }

        return client;
    }
}
