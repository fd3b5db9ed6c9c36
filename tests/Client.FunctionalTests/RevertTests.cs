using System.Text.Json.Nodes;
using Orleans.GameState.Client.Plugins;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>The SDK's <see cref="GameSessionClient.RevertAsync"/> against the real gateway and cluster (CONTRACT section 8).</summary>
[Collection(ClientCollection.Name)]
public sealed class RevertTests(ClientFixture fixture)
{
    [Fact]
    public async Task A_revert_goes_through_the_gm_queue_and_every_copy_follows_it()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        await using var gm = fixture.NewClient(session.Gm);
        await using var player = fixture.NewClient(session.Players[0]);
        await gm.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);
        var playerChanges = new ChangeLog(player);
        (await gm.UpdateAsync(StateOps.Set("pluginData.round", 1), StateOps.Inc("characters.0.hp", -2))).EnsureSuccess();
        var atTwo = Content(gm.GetStateJson());

        // Queued behind two updates without waiting: it is sent after them, with version 4, and restores version 2.
        var first = gm.UpdateAsync(StateOps.Inc("characters.0.hp", -5), StateOps.Push("pluginData.log", "fireball"));
        var second = gm.UpdateAsync(StateOps.Unset("pluginData.round"));
        var revert = gm.RevertAsync(2);
        Assert.Equal("3", (await first).EnsureSuccess().NewVersion);
        Assert.Equal("4", (await second).EnsureSuccess().NewVersion);
        Assert.Equal("5", (await revert.WaitAsync(TimeSpan.FromSeconds(20))).EnsureSuccess().NewVersion);

        Assert.Equal(5, gm.Version);
        Assert.True(JsonNode.DeepEquals(atTwo, Content(gm.GetStateJson())), gm.GetStateJson());
        await Expect.EventuallyAsync(() => player.Version == 5, "the player follows the revert");
        var server = await session.ServerStateAsync();
        Expect.SameState(server, gm);
        Expect.SameState(server, player);
        var reverted = playerChanges.Changes.Single(c => c.Version == 5);
        Assert.Equal("2", reverted.Update?.RevertedTo);
        playerChanges.AssertEachVersionOnce();

        // A revert is itself an update: reverting it goes forward again.
        var forward = await gm.RevertAsync(4);
        Assert.Equal("6", forward.EnsureSuccess().NewVersion);
        Assert.Null(gm.GetValue("pluginData.round"));
        Assert.Equal(["fireball"], gm.GetValue("pluginData.log")!.AsArray().Select(n => n!.GetValue<string>()));
        await Expect.EventuallyAsync(() => player.Version == 6, "the player follows the second revert");
        Expect.SameState(await session.ServerStateAsync(), player);
    }

    [Fact]
    public async Task Refused_reverts_come_back_as_failed_responses_and_change_nothing()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        await using var gm = fixture.NewClient(session.Gm);
        await using var player = fixture.NewClient(session.Players[0]);
        await gm.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);
        (await gm.UpdateAsync(StateOps.Inc("characters.0.hp", 1))).EnsureSuccess();

        var byPlayer = await player.RevertAsync(1).WaitAsync(TimeSpan.FromSeconds(20));
        var notBelow = await gm.RevertAsync(2).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ErrorCodes.PermissionDenied, byPlayer.Error?.Code);
        Assert.Equal(ErrorCodes.ValidationError, notBelow.Error?.Code);
        Assert.Equal(2, await session.ServerVersionAsync());
        Assert.Equal(2, gm.Version);
    }

    /// <summary>The state without what a revert does not restore: its version and time.</summary>
    private static JsonNode Content(string stateJson)
    {
        var state = JsonNode.Parse(stateJson)!.AsObject();
        state.Remove("stateVersion");
        state.Remove("lastUpdated");
        return state;
    }
}
