using Orleans.GameState.Client.Internal;

namespace Orleans.GameState.Client.UnitTests;

public sealed class RetryTests
{
    [Fact]
    public void Backoff_doubles_up_to_the_cap_with_jitter()
    {
        var baseDelay = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(2);

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(Backoff.Delay(1, baseDelay, max).TotalMilliseconds, 80, 120);
            Assert.InRange(Backoff.Delay(3, baseDelay, max).TotalMilliseconds, 320, 480);
            Assert.InRange(Backoff.Delay(40, baseDelay, max).TotalMilliseconds, 1600, 2400);
        }
    }

    [Fact]
    public void The_reconnect_policy_never_gives_up_and_repeats_its_last_delay()
    {
        var policy = new ForeverRetryPolicy([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)]);

        Assert.Equal(TimeSpan.Zero, policy.Delay(0));
        Assert.InRange(policy.Delay(1).TotalSeconds, 0.8, 1.2);
        foreach (var attempt in new long[] { 2, 3, 1000, int.MaxValue, long.MaxValue })
        {
            Assert.InRange(policy.Delay(attempt).TotalSeconds, 8, 12);
        }
    }

    [Fact]
    public void Negative_reconnect_delays_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ForeverRetryPolicy([TimeSpan.FromSeconds(-1)]));
}
