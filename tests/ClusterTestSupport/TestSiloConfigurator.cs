using Orleans.GameState.Grains.Hosting;
using Orleans.TestingHost;

namespace Orleans.GameState.Testing;

/// <summary>Test silos are configured like production ones, except that the TestCluster assigns the ports.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddGameStateSilo(siloBuilder.Configuration);
}
