using System.Text.Json.Nodes;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>
/// Player views with the unchanged SDK (CONTRACT section 7): a player's local copy follows their view, live and after
/// catching up with requestSince, while the GM hides and reveals things.
/// </summary>
[Collection(ClientCollection.Name)]
public sealed class ViewSyncTests(ClientFixture fixture)
{
    private const string HiddenState =
        """{"characters":[{"id":"c1","name":"Aria","hp":10,"gmOnly":{"curse":"SECRET-curse"}}],"actors":[{"id":"a1","name":"Goblin"},{"id":"a2","name":"Dragon","visibility":"gm","loot":"hoard"},{"id":"a3","name":"Rat"}],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":0}""";

    [Fact]
    public async Task A_players_copy_follows_their_view_live_and_after_catching_up()
    {
        var session = await fixture.CreateSessionAsync(players: 2, initialState: HiddenState);
        var (seer, other) = (session.Players[0], session.Players[1]);
        await using var gm = fixture.NewClient(session.Gm);
        await using var first = fixture.NewClient(seer);
        await using var second = fixture.NewClient(other);
        await gm.JoinAsync(session.SessionId);
        await first.JoinAsync(session.SessionId);
        await second.JoinAsync(session.SessionId);
        Assert.DoesNotContain("SECRET", first.GetStateJson());
        Assert.DoesNotContain("Dragon", second.GetStateJson());

        // The GM shows the dragon to the first player only, in the middle of the array, then changes it.
        (await gm.UpdateAsync([Ops.Set("actors.1.visibility", new[] { seer })])).EnsureSuccess();
        (await gm.UpdateAsync([Ops.Inc("actors.1.hp", 5), Ops.Inc("actors.2.hp", 1)])).EnsureSuccess();
        await Expect.EventuallyAsync(() => first.Version == 3 && second.Version == 3, "both players reach version 3");
        await AssertFollowsViewAsync(session, seer, first);
        await AssertFollowsViewAsync(session, other, second);
        Assert.Contains("Dragon", first.GetStateJson());
        Assert.DoesNotContain("Dragon", second.GetStateJson());

        // The second player misses updates that hide, reveal and write gmOnly keys, then catches up from its view's history.
        fixture.Control.Block(other);
        try
        {
            Assert.Equal(1, fixture.Control.Abort(other));
            await Expect.EventuallyAsync(() => second.Status == GameSessionStatus.Reconnecting, "the second player notices the lost connection");
            (await gm.UpdateAsync([Ops.Set("actors.0.visibility", "gm"), Ops.Set("characters.0.gmOnly.curse", "SECRET-worse")])).EnsureSuccess();
            (await gm.UpdateAsync([Ops.Set("actors.1.visibility", "all")])).EnsureSuccess();
            (await gm.UpdateAsync([Ops.Set("actors.0.visibility", "all"), Ops.Set("actors.2.secret", "x")])).EnsureSuccess();
        }
        finally
        {
            fixture.Control.Unblock(other);
        }

        await Expect.EventuallyAsync(() => first.Version == 6 && second.Version == 6 && second.Status == GameSessionStatus.Synced, "both players reach version 6");
        Assert.Equal(0, second.Statistics.RequestFullCalls);
        await AssertFollowsViewAsync(session, seer, first);
        await AssertFollowsViewAsync(session, other, second);
        Assert.Contains("Dragon", second.GetStateJson());
        Assert.DoesNotContain("SECRET", first.GetStateJson() + second.GetStateJson());
    }

    private static async Task AssertFollowsViewAsync(TestSession session, string player, GameSessionClient client)
    {
        var view = await session.Grain.GetStateAsync(player);
        Assert.Null(view.Error);
        Expect.SameState(JsonNode.Parse(view.StateJson!)!, client);
    }
}
