using Orleans.GameState.Contract;
using Orleans.GameState.Testing;
using Orleans.Runtime;

namespace Orleans.GameState.Grains.FunctionalTests;

[Collection(SessionClusterCollection.Name)]
public sealed class SessionHistoryTests(SessionClusterFixture fixture)
{
    [Fact]
    public async Task Updates_since_a_version_come_back_in_order_from_memory_and_from_the_log()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        for (var i = 0; i < 10; i++)
        {
            await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        }

        // RecentBroadcasts is 4 in this cluster: since 9 is served from memory, since 1 from the log.
        var recent = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 9);
        var all = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 1);
        var none = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 11);

        Assert.Equal([10L, 11L], recent.Updates!.Select(u => u.Version));
        Assert.Equal(Enumerable.Range(2, 10).Select(v => (long)v), all.Updates!.Select(u => u.Version));
        Assert.Empty(none.Updates!);
    }

    [Fact]
    public async Task History_older_than_the_retention_is_pruned_and_then_unavailable()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);

        // Pruning happens with snapshots and never passes the write-through outbox, which trails by up to a
        // second: keep updating (bounded) until the oldest history is gone.
        var pruned = await UpdateUntilPrunedAsync(session);
        var version = await session.VersionAsync();
        var kept = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Gm, version - SessionClusterFixture.LogRetention);

        Assert.True(pruned, "history after version 1 was never pruned");
        Assert.Equal(SessionClusterFixture.LogRetention, kept.Updates!.Count);
    }

    internal static async Task<bool> UpdateUntilPrunedAsync(SessionScenario session)
    {
        for (var i = 0; i < 400; i++)
        {
            await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
            if (i >= SessionClusterFixture.LogRetention && i % 10 == 0)
            {
                if ((await session.Grain.GetUpdatesSinceAsync(SessionScenario.Gm, 1)).Error?.Code == ErrorCodes.HistoryUnavailable)
                {
                    return true;
                }

                await Task.Delay(100);
            }
        }

        return false;
    }

    [Fact]
    public async Task A_reactivated_session_rebuilds_the_same_state_from_snapshot_and_log_and_remembers_update_ids()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var first = Ops.Update(session.SessionId, 1, Ops.Set("characters.0.hp", 1));
        Assert.True((await session.Grain.UpdateAsync(first, SessionScenario.Gm)).Success);
        for (var i = 0; i < 10; i++)
        {
            // 10 more updates: a snapshot every 7, so the reload needs snapshot plus log.
            await session.ApplyAsync(Ops.Push("characters.0.log", i), Ops.Inc("characters.0.hp", 2));
        }

        var before = (await session.StateAsync()).GetRawText();
        await DeactivateAllAsync();

        Assert.Equal(before, (await session.StateAsync()).GetRawText());
        Assert.Equal("2", (await session.Grain.UpdateAsync(first, SessionScenario.Gm)).NewVersion);
        Assert.True(await fixture.Cluster.Storage.ScalarAsync<long>(
            $"SELECT version FROM game_session_snapshot WHERE session_id = '{session.SessionId}'") >= 8);
    }

    private async Task DeactivateAllAsync()
    {
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
    }
}
