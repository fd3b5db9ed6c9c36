using Orleans.GameState.Client.Plugins;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>The plugin state helpers through the SDK, against the real server.</summary>
[Collection(ClientCollection.Name)]
public sealed class HelperTests(ClientFixture fixture)
{
    private const string TwoCharacters =
        """{"characters":[{"id":"c1","name":"Aria","hp":10},{"id":"c2","name":"Borin","hp":8}],"actors":[{"id":"a1","name":"Goblin"}],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":0}""";

    [Fact]
    public async Task Helpers_update_characters_actors_and_plugin_data_by_id_and_players_read_them_back()
    {
        var session = await fixture.CreateSessionAsync(players: 1, TwoCharacters);
        await using var gm = fixture.NewClient(session.Gm);
        await using var player = fixture.NewClient(session.Players[0]);
        await gm.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);

        (await gm.UpdateCharacterAsync("c2", new Dictionary<string, object?> { ["hp"] = 3, ["pluginData.hitPoints"] = new { current = 3, max = 8 } })).EnsureSuccess();
        (await gm.UpdateActorAsync("a1", new Dictionary<string, object?> { ["name"] = PluginState.Remove, ["pluginData.cr"] = "1/4" })).EnsureSuccess();
        (await gm.SetPluginDataAsync("initiative", new { order = new[] { "c2", "a1", "c1" }, round = 1 })).EnsureSuccess();
        (await gm.UpdateAsync(PluginState.SetPluginData("initiative", "round", 2))).EnsureSuccess();

        await Expect.EventuallyAsync(() => player.Version == 5, "the player reaches version 5");
        Assert.Equal(8, Expect.Number(player.GetCharacterPluginData("c2", "hitPoints.max")));
        Assert.Equal(3, Expect.Number(player.GetCharacter("c2")!["hp"]));
        Assert.Equal(10, Expect.Number(player.GetCharacter("c1")!["hp"]));
        Assert.Equal("1/4", player.GetActorPluginData("a1", "cr")!.GetValue<string>());
        Assert.False(player.GetActor("a1")!.ContainsKey("name"));
        Assert.Equal(2, Expect.Number(player.GetPluginData("initiative", "round")));
        Assert.Equal("c2", player.Read(state => PluginState.GetPluginData(state, "initiative", "order.0"))!.GetValue<string>());
        Expect.SameState(await session.ServerStateAsync(), player);
    }

    [Fact]
    public async Task Entity_indices_are_resolved_when_a_queued_update_is_sent()
    {
        var session = await fixture.CreateSessionAsync(players: 1, TwoCharacters);
        await using var gm = fixture.NewClient(session.Gm);
        await gm.JoinAsync(session.SessionId);

        // Queued together: the first removes c1, so when the second is sent c2 is at index 0, not 1.
        var remove = gm.UpdateAsync(StateOps.Pull("characters", new { id = "c1" }));
        var heal = gm.UpdateCharacterAsync("c2", new Dictionary<string, object?> { ["hp"] = 20 });
        var missing = gm.UpdateCharacterAsync("c1", new Dictionary<string, object?> { ["hp"] = 1 });
        (await remove.WaitAsync(TimeSpan.FromSeconds(20))).EnsureSuccess();
        (await heal.WaitAsync(TimeSpan.FromSeconds(20))).EnsureSuccess();

        await Assert.ThrowsAsync<KeyNotFoundException>(() => missing.WaitAsync(TimeSpan.FromSeconds(20)));
        var server = await session.ServerStateAsync();
        var character = Assert.Single(server["characters"]!.AsArray());
        Assert.Equal(("c2", 20L), (character!["id"]!.GetValue<string>(), Expect.Number(character["hp"])));
        Assert.Equal(3, gm.Version);
        Expect.SameState(server, gm);
    }

    [Fact]
    public async Task Invalid_operations_come_back_as_validation_errors_and_change_nothing()
    {
        var session = await fixture.CreateSessionAsync(players: 1, TwoCharacters);
        await using var gm = fixture.NewClient(session.Gm);
        await gm.JoinAsync(session.SessionId);

        var response = await gm.UpdateAsync(StateOps.Inc("characters.0.name", 1)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ErrorCodes.ValidationError, response.Error?.Code);
        Assert.Equal(1, gm.Version);
        Assert.Equal(1, await session.ServerVersionAsync());
    }
}
