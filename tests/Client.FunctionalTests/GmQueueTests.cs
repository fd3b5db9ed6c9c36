using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Orleans.GameState.Client.Plugins;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>The GM's update queue against the real gateway and cluster.</summary>
[Collection(ClientCollection.Name)]
public sealed class GmQueueTests(ClientFixture fixture)
{
    [Fact]
    public async Task A_hundred_rapid_updates_go_one_at_a_time_in_call_order_and_every_copy_advances_once_per_version()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        await using var gm = fixture.NewClient(session.Gm);
        await using var player = fixture.NewClient(session.Players[0]);
        await using var watcher = await RecordingHubClient.ConnectAsync(fixture.Gateway, session.Players[0]);
        await gm.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);
        await watcher.JoinAsync(session.SessionId);
        var gmChanges = new ChangeLog(gm);
        var playerChanges = new ChangeLog(player);
        var calls = Enumerable.Range(0, 100)
            .Select(i => gm.UpdateAsync(StateOps.Push("pluginData.log", i), StateOps.Inc("characters.0.hp", 1)))
            .ToArray();
        var responses = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(responses, r => Assert.True(r.Success, r.Error?.Message));
        Assert.Equal(Enumerable.Range(2, 100).Select(v => v.ToString(CultureInfo.InvariantCulture)), responses.Select(r => r.NewVersion));
        // One at a time: as the gateway saw them, each update was built on the version the one before it produced
        // (two in flight at once would carry the same version, and one of them would conflict).
        var firstSends = fixture.Control.UpdateCalls.Where(c => c.UserId == session.Gm).DistinctBy(c => c.UpdateId).ToList();
        Assert.Equal(100, firstSends.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(v => v.ToString(CultureInfo.InvariantCulture)), firstSends.Select(c => c.Version));

        // The server applied them in call order: version v carries the push of call v - 2.
        Assert.True(await watcher.WaitUntilAsync(c => c.Updated.Count == 100, TimeSpan.FromSeconds(20)));
        Assert.Equal(Enumerable.Range(0, 100), watcher.Updated.Select(b => b.GetProperty("operations")[0].GetProperty("value").GetInt32()));
        Assert.Equal(Enumerable.Range(2, 100).Select(v => (long)v), watcher.UpdatedVersions);
        var server = await session.ServerStateAsync();
        Assert.Equal(Enumerable.Range(0, 100), server["pluginData"]!["log"]!.AsArray().Select(n => (int)Expect.Number(n)));
        Assert.Equal(110, Expect.Number(server["characters"]![0]!["hp"]));

        // Each copy advanced exactly once per version, the GM's own broadcasts included.
        await Expect.EventuallyAsync(() => player.Version == 101, "the player reaches version 101");
        Assert.Equal(101, gm.Version);
        Assert.Equal(Enumerable.Range(2, 100).Select(v => (long)v), gmChanges.UpdatedVersions);
        Assert.Equal(Enumerable.Range(2, 100).Select(v => (long)v), playerChanges.UpdatedVersions);
        gmChanges.AssertEachVersionOnce();
        Expect.SameState(server, gm);
        Expect.SameState(server, player);
        Assert.Equal(0, gm.PendingUpdates);
        Assert.Equal(100, gm.Statistics.UpdatesConfirmed);
        Assert.Equal(0, player.Statistics.RequestFullCalls + player.Statistics.RequestSinceCalls);
    }

    [Fact]
    public async Task A_version_conflict_refreshes_the_state_fails_that_update_and_the_queue_goes_on()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        await using var gm = fixture.NewClient(session.Gm);
        await using var otherGm = fixture.NewClient(session.Gm);
        await gm.JoinAsync(session.SessionId);
        await otherGm.JoinAsync(session.SessionId);

        // Just before gm's first update goes out (built against version 1), the other GM client changes the state.
        // The gateway holds gm's first update (built against version 1) until the other GM client has changed the state.
        var first = 1;
        fixture.Control.BeforeUpdate = async update =>
        {
            if (update.Operations is [{ Value: JsonElement { ValueKind: JsonValueKind.String } by }, ..] && by.GetString() == "gm"
                && Interlocked.Exchange(ref first, 0) == 1)
            {
                (await otherGm.UpdateAsync(StateOps.Set("pluginData.by", "other"))).EnsureSuccess();
            }
        };
        StateUpdateResponse conflict, after;
        try
        {
            var stale = gm.UpdateAsync(StateOps.Set("pluginData.by", "gm"), StateOps.Inc("characters.0.hp", 100));
            var next = gm.UpdateAsync(StateOps.Inc("characters.0.hp", 1));
            conflict = await stale.WaitAsync(TimeSpan.FromSeconds(20));
            after = await next.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            fixture.Control.BeforeUpdate = null;
        }

        Assert.False(conflict.Success);
        Assert.Equal(ErrorCodes.VersionConflict, conflict.Error!.Code);
        Assert.Equal("2", conflict.Error.CurrentVersion);
        Assert.Equal(ErrorCodes.VersionConflict, Assert.Throws<GameStateException>(() => conflict.EnsureSuccess()).Code);
        Assert.True(after.Success, after.Error?.Message);
        Assert.Equal("3", after.NewVersion);
        Assert.True(gm.Statistics.RequestFullCalls >= 1);
        var server = await session.ServerStateAsync();
        Assert.Equal("other", server["pluginData"]!["by"]!.GetValue<string>());
        Assert.Equal(11, Expect.Number(server["characters"]![0]!["hp"]));
        Expect.SameState(server, gm);
        await Expect.EventuallyAsync(() => otherGm.Version == 3, "the other GM client sees version 3");
        Expect.SameState(server, otherGm);
    }

    [Fact]
    public async Task A_player_update_is_refused_without_changing_anything()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        await using var player = fixture.NewClient(session.Players[0]);
        await player.JoinAsync(session.SessionId);

        var response = await player.UpdateAsync(StateOps.Set("pluginData.x", 1)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(player.IsGm);
        Assert.Equal(ErrorCodes.PermissionDenied, response.Error?.Code);
        Assert.Equal(1, player.Version);
        Assert.Equal(1, await session.ServerVersionAsync());
    }

    [Fact]
    public async Task Joining_a_session_one_may_not_join_throws_the_contract_error()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        await using var stranger = fixture.NewClient($"stranger-{Guid.NewGuid():N}");
        await using var gm = fixture.NewClient(session.Gm);

        var denied = await Assert.ThrowsAsync<GameStateException>(() => stranger.JoinAsync(session.SessionId));
        var missing = await Assert.ThrowsAsync<GameStateException>(() => gm.JoinAsync($"s-{Guid.NewGuid():N}"));

        Assert.Equal(ErrorCodes.PermissionDenied, denied.Code);
        Assert.Equal(ErrorCodes.SessionNotFound, missing.Code);
        Assert.False(stranger.HasState);
        Assert.Throws<InvalidOperationException>(() => { _ = stranger.UpdateAsync(StateOps.Set("pluginData.x", 1)); });
    }

}
