using Orleans.GameState.Storage.Sessions;

namespace Orleans.GameState.Grains.UnitTests;

/// <summary>The session grain's storage retries (the pipeline lives in storage; the grain is its one user).</summary>
public sealed class StorageRetryPipelineTests
{
    [Fact]
    public async Task Retries_a_transient_failure_and_counts_each_retry()
    {
        var retries = 0;
        var attempts = 0;
        var pipeline = StorageRetryPipeline.Create(3, TimeSpan.FromMilliseconds(1), () => retries++);

        var result = await pipeline.ExecuteAsync(_ => ++attempts < 3 ? throw new TimeoutException() : ValueTask.FromResult(attempts));

        Assert.Equal(3, result);
        Assert.Equal(2, retries);
    }

    [Fact]
    public async Task Gives_up_after_the_configured_retries()
    {
        var attempts = 0;
        var pipeline = StorageRetryPipeline.Create(2, TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<TimeoutException>(async () =>
            await pipeline.ExecuteAsync(_ => { attempts++; throw new TimeoutException(); }));

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Does_not_retry_what_is_not_a_storage_failure()
    {
        var attempts = 0;
        var pipeline = StorageRetryPipeline.Create(3, TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await pipeline.ExecuteAsync(_ => { attempts++; throw new InvalidOperationException(); }));

        Assert.Equal(1, attempts);
    }
}
