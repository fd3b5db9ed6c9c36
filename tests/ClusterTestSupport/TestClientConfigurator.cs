using Microsoft.Extensions.Configuration;
using Orleans.GameState.Hosting;
using Orleans.TestingHost;

namespace Orleans.GameState.Testing;

/// <summary>The test cluster's own client is set up as the gateway's: same membership table, same gateway list refresh.</summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder.AddGameStateClient(configuration);
}
