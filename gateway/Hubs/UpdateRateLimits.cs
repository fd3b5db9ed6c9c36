using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Orleans.GameState.Configuration;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>What <see cref="UpdateRateLimits.TryAcquire"/> decided about one update.</summary>
public enum RateDecision
{
    Allowed,

    /// <summary>Over the rate: answered <c>RATE_LIMITED</c>.</summary>
    Refused,

    /// <summary>Over the rate again and again: the connection is closed (<see cref="FloodOptions"/>).</summary>
    Flooding,
}

/// <summary>
/// The per-connection update rate limit (<c>Limits:UpdatesPerSecondPerConnection</c>, 0 = none), and flood detection:
/// answering each excess update costs the gateway nearly as much as the update would, so a connection whose refused
/// updates within one second exceed <see cref="FloodOptions.RefusalsPerSecondBeforeClose"/> is reported as flooding
/// (the hub closes it), and its user is cooled off for <see cref="FloodOptions.CoolOff"/>.
/// </summary>
public sealed class UpdateRateLimits(IOptions<LimitsOptions> limits, IOptions<FloodOptions> flood, TimeProvider clock)
{
    private readonly int _perSecond = limits.Value.UpdatesPerSecondPerConnection;
    private readonly int _refusalsBeforeClose = flood.Value.RefusalsPerSecondBeforeClose > 0
        ? flood.Value.RefusalsPerSecondBeforeClose
        : Math.Max(limits.Value.UpdatesPerSecondPerConnection, FloodOptions.MinimumDefaultRefusals);
    private readonly ConcurrentDictionary<string, ConnectionRate> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _coolingOff = new(StringComparer.Ordinal);

    public RateDecision TryAcquire(string connectionId)
    {
        if (_perSecond <= 0)
        {
            return RateDecision.Allowed;
        }

        var rate = _connections.GetOrAdd(connectionId, _ => new ConnectionRate(_perSecond));
        using var lease = rate.Bucket.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return RateDecision.Allowed;
        }

        // Flooding is reported once: the invocations already queued on the connection while it closes are only refused.
        return rate.CountRefusal(clock.GetTimestamp(), clock.TimestampFrequency) > _refusalsBeforeClose && rate.MarkFlooded()
            ? RateDecision.Flooding
            : RateDecision.Refused;
    }

    /// <summary>Refuses <paramref name="userId"/> new connections until the cool-off has passed.</summary>
    public void CoolOff(string userId) => _coolingOff[userId] = clock.GetUtcNow() + flood.Value.CoolOff;

    /// <summary>True while <paramref name="userId"/> is cooling off after a flood.</summary>
    public bool IsCoolingOff(string userId)
    {
        if (!_coolingOff.TryGetValue(userId, out var until))
        {
            return false;
        }

        if (clock.GetUtcNow() < until)
        {
            return true;
        }

        _coolingOff.TryRemove(new KeyValuePair<string, DateTimeOffset>(userId, until));
        return false;
    }

    public void Forget(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var rate))
        {
            rate.Bucket.Dispose();
        }
    }

    private sealed class ConnectionRate(int perSecond)
    {
        private readonly Lock _gate = new();
        private long _windowStart;
        private int _refusals;

        public TokenBucketRateLimiter Bucket { get; } = new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

        private int _flooded;

        /// <summary>True the first time only.</summary>
        public bool MarkFlooded() => Interlocked.Exchange(ref _flooded, 1) == 0;

        /// <summary>Refusals within the current one-second window, this one included.</summary>
        public int CountRefusal(long now, long frequency)
        {
            lock (_gate)
            {
                if (now - _windowStart >= frequency)
                {
                    _windowStart = now;
                    _refusals = 0;
                }

                return ++_refusals;
            }
        }
    }
}
