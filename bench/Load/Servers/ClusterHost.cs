using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Workloads;
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

    /// <summary>
    /// The breakdown's middle layer: sequential updates straight on a session grain through the cluster client (Orleans
    /// messaging + engine + the durable append), no SignalR, no gateway. With this process's CPU time per update.
    /// </summary>
    public async Task<GrainRoundTrip> GrainRoundTripAsync(int updates, int operationsPerUpdate)
    {
        var session = await SessionScenario.CreateAsync(Cluster.Client);
        var generator = new UpdateGenerator(operationsPerUpdate);
        var random = new Random(1);
        long version = 1;
        async Task UpdateAsync()
        {
            var response = await session.UpdateAsync(version, generator.Next(random));
            if (!response.Success)
            {
                throw new InvalidOperationException($"Grain update failed: {response.Error?.Code} {response.Error?.Message}");
            }

            version++;
        }

        for (var i = 0; i < Math.Min(200, updates / 5); i++)
        {
            await UpdateAsync();
        }

        var histogram = new LatencyHistogram();
        var cpuBefore = ResourceSample.Current("grain").CpuMs;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < updates; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await UpdateAsync();
            histogram.RecordSince(sent);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = ResourceSample.Current("grain").CpuMs - cpuBefore;
        return new GrainRoundTrip(updates, Math.Round(updates / seconds, 1), histogram.Summary(), Math.Round(cpu / updates, 3));
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

/// <summary>Sequential grain updates: throughput, latency, and the silo process's CPU milliseconds per update.</summary>
public sealed record GrainRoundTrip(int Updates, double UpdatesPerSecond, LatencySummary Latency, double CpuMsPerUpdate);

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
