using Orleans.GameState.Contract;
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
    public async Task Updates_since_a_version_below_the_origin_are_every_update_from_the_origin_on()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var fresh = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 0);
        for (var i = 0; i < 3; i++)
        {
            await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        }

        // RecentBroadcasts is 4 here: three updates are all in memory, five are not (the log answers).
        var fromMemory = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 0);
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        var fromLog = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 0);
        await DeactivateAllAsync();
        var afterReload = await session.Grain.ReadBroadcastsSinceAsync(0);

        Assert.Null(fresh.Error);
        Assert.Empty(fresh.Updates!);
        Assert.Null(fromMemory.Error);
        Assert.Equal([2L, 3L, 4L], fromMemory.Updates!.Select(u => u.Version));
        Assert.Null(fromLog.Error);
        Assert.Equal([2L, 3L, 4L, 5L, 6L], fromLog.Updates!.Select(u => u.Version));
        Assert.Null(afterReload.Error);
        Assert.Equal([2L, 3L, 4L, 5L, 6L], afterReload.Updates!.Select(u => u.Version));
    }

    [Fact]
    public async Task A_session_created_at_a_later_version_has_its_history_from_that_version_on_durably()
    {
        // As an import creates it: the state comes with its version, and no broadcast exists at or below it.
        var session = await SessionScenario.CreateAsync(
            fixture.Client, Ops.InitialState.Replace("\"stateVersion\":\"1\"", "\"stateVersion\":\"50\"", StringComparison.Ordinal));
        var fresh = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 0);
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        await DeactivateAllAsync();

        var sinceZero = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 0);
        var sinceTen = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 10);
        var sinceFiftyOne = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Player, 51);

        Assert.Null(fresh.Error);
        Assert.Empty(fresh.Updates!);
        Assert.Equal([51L, 52L], sinceZero.Updates!.Select(u => u.Version));
        Assert.Equal([51L, 52L], sinceTen.Updates!.Select(u => u.Version));
        Assert.Equal([52L], sinceFiftyOne.Updates!.Select(u => u.Version));
        Assert.Equal(50L, await fixture.Cluster.Storage.ScalarAsync<long>(
            $"SELECT origin_version FROM game_session WHERE session_id = '{session.SessionId}'"));
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
        // Below the origin is no different once broadcasts after it are gone.
        Assert.Equal(ErrorCodes.HistoryUnavailable, (await session.Grain.GetUpdatesSinceAsync(SessionScenario.Gm, 0)).Error?.Code);
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
