using Orleans.GameState.Grains.Sessions;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Grains.UnitTests;

public sealed class RecentBroadcastsTests
{
    private static SessionBroadcast Broadcast(long version) => new("s1", version, [(byte)version], null);

    private static RecentBroadcasts With(int capacity, params long[] versions)
    {
        var recent = new RecentBroadcasts(capacity);
        foreach (var version in versions)
        {
            recent.Add(Broadcast(version));
        }

        return recent;
    }

    [Fact]
    public void Answers_every_broadcast_after_a_version_memory_reaches()
    {
        var recent = With(8, 2, 3, 4, 5);

        Assert.Equal([4L, 5L], recent.After(3)!.Select(b => b.Version));
        Assert.Equal([2L, 3L, 4L, 5L], recent.After(1)!.Select(b => b.Version));
        Assert.Empty(recent.After(5)!);
    }

    [Fact]
    public void Answers_null_when_memory_does_not_reach_back_far_enough()
    {
        var recent = With(8, 4, 5);

        Assert.Null(recent.After(2));
        Assert.Null(new RecentBroadcasts(8).After(0));
    }

    [Fact]
    public void Keeps_only_the_last_capacity_broadcasts()
    {
        var recent = With(3, 2, 3, 4, 5, 6);

        Assert.Null(recent.After(2));
        Assert.Equal([4L, 5L, 6L], recent.After(3)!.Select(b => b.Version));
    }

    [Fact]
    public void A_version_that_does_not_follow_the_last_starts_over()
    {
        // After a reactivation the versions may jump: memory must never answer a catch-up with a hole in it.
        var recent = With(8, 2, 3, 7, 8);

        Assert.Null(recent.After(3));
        Assert.Equal([7L, 8L], recent.After(6)!.Select(b => b.Version));
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        var recent = With(8, 2, 3);
        recent.Clear();

        Assert.Null(recent.After(1));
    }
}
