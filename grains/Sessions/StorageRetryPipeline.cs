using Npgsql;
using Polly;
using Polly.Retry;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>
/// Brief retries of session storage writes. Safe because every write is idempotent by key: a retried
/// append whose first attempt did commit finds its own update id and reports it as committed.
/// </summary>
public static class StorageRetryPipeline
{
    public static ResiliencePipeline Create(SessionOptions options, Action? onRetry = null) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.StorageRetries),
                Delay = options.StorageRetryDelay,
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
