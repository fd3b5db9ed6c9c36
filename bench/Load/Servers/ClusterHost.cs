using Microsoft.Extensions.Logging;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Testing;
using Orleans.Runtime;

namespace Orleans.GameState.Load.Servers;

/// <summary>
/// A TestingHost cluster of N silos on PostgreSQL (<see cref="GameStateCluster"/>) plus the real gateway on a loopback
/// port (<see cref="GatewayServer"/>), with the per-connection update rate limit off, as a benchmark needs.
/// </summary>
public sealed class ClusterHost : IAsyncDisposable
{
    private ClusterHost(GameStateCluster cluster, GatewayServer gateway)
    {
        Cluster = cluster;
        Gateway = gateway;
    }

    public GameStateCluster Cluster { get; }

    public GatewayServer Gateway { get; }

    public static async Task<ClusterHost> StartAsync(int silos, IReadOnlyDictionary<string, string> settings, string? logFile)
    {
        var clusterSettings = new Dictionary<string, string>(settings);
        var cluster = await GameStateCluster.StartAsync("load", silos, clusterSettings);
        try
        {
            var gatewaySettings = new Dictionary<string, string?>
            {
                ["Limits:UpdatesPerSecondPerConnection"] = "0",
            };
            foreach (var (key, value) in settings)
            {
                gatewaySettings[key] = value;
            }

            var gateway = await GatewayServer.StartAsync(cluster, gatewaySettings, builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                if (logFile is not null)
                {
                    builder.Logging.AddProvider(new FileLoggerProvider(logFile));
                }
            });
            return new ClusterHost(cluster, gateway);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Full blocking compacting collections until the heap settles, then this process's figures.</summary>
    public static ResourceSample Collect(string name)
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return ResourceSample.Current(name) with { GcHeapBytes = GC.GetTotalMemory(forceFullCollection: true) };
    }

    public async Task<long> SessionActivationsAsync()
    {
        var management = Cluster.Client.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("GameSession", StringComparison.OrdinalIgnoreCase)).Sum(s => (long)s.ActivationCount);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Gateway.DisposeAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
        }
    }
}

/// <summary>Appends log lines (warnings and worse) to a file, so the server's complaints are kept but stay off the console.</summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly object _lock = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    private sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
