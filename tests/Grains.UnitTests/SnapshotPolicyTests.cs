using Orleans.GameState.Grains.Sessions;

namespace Orleans.GameState.Grains.UnitTests;

public sealed class SnapshotPolicyTests
{
    private static SnapshotPolicy Policy(long minLogBytes = 1000, int maxUpdates = 100) =>
        new(new SessionOptions { SnapshotMinLogBytes = minLogBytes, SnapshotMaxUpdates = maxUpdates });

    [Fact]
    public void Is_due_once_the_log_since_the_last_snapshot_is_as_large_as_the_state()
    {
        var policy = Policy();
        policy.Record(3000);
        Assert.False(policy.IsDue(stateBytes: 5000));

        policy.Record(2000);
        Assert.True(policy.IsDue(stateBytes: 5000));
    }

    [Fact]
    public void A_small_state_still_waits_for_the_minimum_log_size()
    {
        var policy = Policy(minLogBytes: 1000);
        policy.Record(999);
        Assert.False(policy.IsDue(stateBytes: 10));

        policy.Record(1);
        Assert.True(policy.IsDue(stateBytes: 10));
    }

    [Fact]
    public void Is_due_after_the_maximum_number_of_updates_however_small()
    {
        var policy = Policy(maxUpdates: 3);
        policy.Record(1);
        policy.Record(1);
        Assert.False(policy.IsDue(stateBytes: 1_000_000));

        policy.Record(1);
        Assert.True(policy.IsDue(stateBytes: 1_000_000));
    }

    [Fact]
    public void Reset_starts_counting_again()
    {
        var policy = Policy(minLogBytes: 10);
        policy.Record(100);
        Assert.True(policy.HasPending);

        policy.Reset();

        Assert.False(policy.HasPending);
        Assert.False(policy.IsDue(stateBytes: 0));
    }
}
