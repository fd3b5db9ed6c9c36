using Orleans.GameState.Grains.Hosting;
using Orleans.TestingHost;

namespace Orleans.GameState.Testing;

/// <summary>Test silos are configured like production ones, except that the TestCluster assigns the ports.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        siloBuilder.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = configuration[TestClusterSettings.ClusteringConnectionKey];
        });
        siloBuilder.UseGameStateMembershipTuning(configuration);
        siloBuilder.AddGameStateGrains(configuration);
    }
}
