using Microsoft.Extensions.Logging;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>
/// One silo on PostgreSQL and a gateway whose every log line is kept (<see cref="Logs"/>), so that tests can check
/// nothing was answered as a storage failure or a bug, and no token was written. No rate limit: floods have their own
/// gateway (<see cref="StartGatewayAsync"/>).
/// </summary>
public sealed class HardeningFixture : IAsyncLifetime
{
    public GameStateCluster Cluster { get; private set; } = null!;

    public GatewayServer Gateway { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Cluster = await GameStateCluster.StartAsync("hardening", silos: 1);
        Gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["Limits:UpdatesPerSecondPerConnection"] = "0" }, Logs);
    }

    /// <summary>Another gateway on the same cluster, with <paramref name="settings"/>, logging into <paramref name="logs"/> when given.</summary>
    public Task<GatewayServer> StartGatewayAsync(IReadOnlyDictionary<string, string?> settings, CapturingLoggerProvider? logs = null) =>
        GatewayServer.StartAsync(Cluster, settings, builder =>
        {
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
            }
        });

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HardeningCollection : ICollectionFixture<HardeningFixture>
{
    public const string Name = "hardening";
}
