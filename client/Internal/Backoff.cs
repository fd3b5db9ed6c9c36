namespace Orleans.GameState.Client.Internal;

/// <summary>Exponential backoff with ±20% jitter.</summary>
internal static class Backoff
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based): base·2^(attempt−1), capped, with jitter.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min(baseDelay.Ticks * (double)(1L << exponent), maxDelay.Ticks);
        return Jitter(TimeSpan.FromTicks((long)ticks));
    }

    /// <summary>The delay ±20%, never negative.</summary>
    public static TimeSpan Jitter(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var factor = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromTicks((long)(delay.Ticks * factor));
    }
}
