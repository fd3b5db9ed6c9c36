using Npgsql;
using Polly;
using Polly.Retry;

namespace Orleans.GameState.Storage.Sessions;

/// <summary>
/// Brief retries of session storage writes. Safe because every write is idempotent by key: a retried
/// append whose first attempt did commit finds its own update id and reports it as committed.
/// </summary>
public static class StorageRetryPipeline
{
    /// <summary>Retries PostgreSQL, timeout and socket failures <paramref name="retries"/> times (at least once), with jittered exponential backoff from <paramref name="delay"/>.</summary>
    public static ResiliencePipeline Create(int retries, TimeSpan delay, Action? onRetry = null) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, retries),
                Delay = delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>().Handle<TimeoutException>().Handle<System.Net.Sockets.SocketException>(),
                OnRetry = _ =>
                {
                    onRetry?.Invoke();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
