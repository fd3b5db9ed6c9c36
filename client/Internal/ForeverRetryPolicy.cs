using Microsoft.AspNetCore.SignalR.Client;

namespace Orleans.GameState.Client.Internal;

/// <summary>SignalR's reconnect policy that never gives up: the configured delays, the last one repeating, with jitter.</summary>
internal sealed class ForeverRetryPolicy : IRetryPolicy
{
    private readonly TimeSpan[] _delays;

    public ForeverRetryPolicy(IReadOnlyList<TimeSpan> delays)
    {
        ArgumentNullException.ThrowIfNull(delays);
        _delays = delays.Count == 0 ? [TimeSpan.FromSeconds(1)] : [.. delays];
        if (_delays.Any(d => d < TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(delays), "Reconnect delays must not be negative.");
        }
    }

    public TimeSpan Delay(long attempt) => Backoff.Jitter(_delays[(int)Math.Min(attempt, _delays.Length - 1)]);

    public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);
}
