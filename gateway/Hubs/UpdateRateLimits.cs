using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Orleans.GameState.Configuration;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>The per-connection update rate limit (<c>Limits:UpdatesPerSecondPerConnection</c>, 0 = none).</summary>
public sealed class UpdateRateLimits(IOptions<LimitsOptions> limits)
{
    private readonly int _perSecond = limits.Value.UpdatesPerSecondPerConnection;
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);

    public bool TryAcquire(string connectionId)
    {
        if (_perSecond <= 0)
        {
            return true;
        }

        var bucket = _buckets.GetOrAdd(connectionId, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _perSecond,
            TokensPerPeriod = _perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = bucket.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Forget(string connectionId)
    {
        if (_buckets.TryRemove(connectionId, out var bucket))
        {
            bucket.Dispose();
        }
    }
}
