using Orleans.GameState.Load.Metrics;

namespace Orleans.GameState.Load.Workloads;

/// <summary>One session as set up for the run: its id, its GM and its players (user ids).</summary>
public sealed record SessionSpec(int Index, string SessionId, string Gm, IReadOnlyList<string> Players);

/// <summary>What every phase needs: options, the REST client, progress, and how to sample the processes.</summary>
public sealed record PhaseContext(
    LoadOptions Options,
    GatewayApi Api,
    IProgressSink Progress,
    Func<Task<IReadOnlyList<ResourceSample>>> SampleServer,
    Func<Task<IReadOnlyList<ResourceSample>>> SampleBareHub,
    Func<ResourceSample?> SamplePostgres,
    bool SampleLoadProcess)
{
    /// <summary>The processes to watch in a phase: the system under test, this load generator, and PostgreSQL.</summary>
    public Func<Task<IReadOnlyList<ResourceSample>>> Sampler(bool bareHub) => async () =>
    {
        var samples = new List<ResourceSample>(await (bareHub ? SampleBareHub() : SampleServer()));
        if (SampleLoadProcess)
        {
            samples.Add(ResourceSample.Current("load generator"));
        }

        if (SamplePostgres() is { } postgres)
        {
            samples.Add(postgres);
        }

        return samples;
    };

    /// <summary>Runs <paramref name="action"/> on every item with bounded parallelism.</summary>
    public Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Options.SetupConcurrency }, async (item, _) => await action(item));
}
