using Orleans.GameState.Load.Metrics;

namespace Orleans.GameState.Load.Servers;

/// <summary>The system under load: a gateway to talk to, its processes to watch, and its database for the baseline.</summary>
public interface ILoadServer : IAsyncDisposable
{
    string Description { get; }

    Uri Gateway { get; }

    /// <summary>An Npgsql connection string of the deployment's database (the baseline creates and drops a table there); null when unknown.</summary>
    string? Postgres { get; }

    /// <summary>CPU and memory of the server's processes (silos, gateway), cumulative CPU.</summary>
    Task<IReadOnlyList<ResourceSample>> SampleAsync();

    /// <summary>Forces a full, compacting GC in the silo process and reads the heap; null when the silos are not ours to collect.</summary>
    Task<ResourceSample?> CollectAsync();

    /// <summary>Sequential updates straight on a grain through the cluster client (the breakdown's middle layer); null in target mode.</summary>
    Task<GrainRoundTrip?> GrainRoundTripAsync(int updates, int operationsPerUpdate);

    /// <summary>Live session grain activations across the cluster; null when not reachable.</summary>
    Task<long?> SessionActivationsAsync();
}
