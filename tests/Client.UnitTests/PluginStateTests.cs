using System.Text.Json.Nodes;
using Orleans.GameState.Client.Plugins;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.UnitTests;

/// <summary>The plugin-state utilities, checked by applying what they build with the real engine.</summary>
public sealed class PluginStateTests
{
    private sealed record Dice(bool Advantage);

    [Fact]
    public void Session_plugin_data_is_read_by_plugin_and_path()
    {
        var state = States.Document();

        Assert.Equal("2024", PluginState.GetPluginData(state, "dnd5e", "rules")!.GetValue<string>());
        Assert.True(PluginState.GetPluginData<Dice>(state, "dnd5e", "dice")!.Advantage);
        Assert.NotNull(PluginState.GetPluginData(state, "dnd5e"));
        Assert.Null(PluginState.GetPluginData(state, "other"));
        Assert.Null(PluginState.GetPluginData(state, "dnd5e", "rules.deeper"));
    }

    [Fact]
    public void Reads_are_copies_that_cannot_change_the_state()
    {
        var state = States.Document();

        var data = (JsonObject)PluginState.GetPluginData(state, "dnd5e")!;
        data["rules"] = "changed";
        var character = PluginState.GetCharacter(state, "c1")!;
        character["hp"] = 0;

        Assert.Equal("2024", state.GetValue("pluginData.dnd5e.rules")!.GetValue<string>());
        Assert.Equal(10, States.Int(state.GetValue("characters.0.hp")));
    }

    [Fact]
    public void Character_and_actor_plugin_data_are_read_by_id_and_path()
    {
        var state = States.Document();

        Assert.Equal(12, PluginState.GetCharacterPluginData(state, "c1", "hitPoints.max")!.GetValue<int>());
        Assert.Null(PluginState.GetCharacterPluginData(state, "c2", "hitPoints"));
        Assert.Equal("1/4", PluginState.GetActorPluginData(state, "a1", "cr")!.GetValue<string>());
        Assert.Equal(10, PluginState.GetCharacterPluginData(PluginState.GetCharacter(state, "c1")!, "hitPoints.current")!.GetValue<int>());
        Assert.Null(PluginState.GetCharacter(state, "nobody"));
        Assert.Throws<KeyNotFoundException>(() => PluginState.GetCharacterPluginData(state, "nobody", "hitPoints"));
        Assert.Throws<KeyNotFoundException>(() => PluginState.GetActorPluginData(state, "c1", "cr"));
    }

    [Fact]
    public void Setting_plugin_data_builds_paths_under_the_plugin()
    {
        var state = States.Document();

        var whole = PluginState.SetPluginData("initiative", new { order = new[] { "c1", "a1" }, round = 1 });
        var one = PluginState.SetPluginData("dnd5e", "dice.advantage", false);
        Apply(state, [.. whole, .. one]);

        Assert.Equal(("pluginData.initiative", OperationKinds.Set), (whole[0].Path, whole[0].Operation));
        Assert.Equal("pluginData.dnd5e.dice.advantage", one[0].Path);
        Assert.Equal(1, States.Int(state.GetValue("pluginData.initiative.round")));
        Assert.Equal("a1", state.GetValue("pluginData.initiative.order.1")!.GetValue<string>());
        Assert.False(state.GetValue("pluginData.dnd5e.dice.advantage")!.GetValue<bool>());
    }

    [Fact]
    public void Updating_an_entity_finds_its_index_by_id()
    {
        var state = States.Document();

        var operations = PluginState.UpdateCharacterState(state, "c2", new Dictionary<string, object?>
        {
            ["hp"] = 3,
            ["pluginData.hitPoints.current"] = 3,
            ["name"] = PluginState.Remove,
        });
        Apply(state, operations);

        Assert.Equal(["characters.1.hp", "characters.1.pluginData.hitPoints.current", "characters.1.name"], operations.Select(o => o.Path));
        Assert.Equal([OperationKinds.Set, OperationKinds.Set, OperationKinds.Unset], operations.Select(o => o.Operation));
        Assert.Equal(3, States.Int(state.GetValue("characters.1.hp")));
        Assert.Equal(3, PluginState.GetCharacterPluginData(state, "c2", "hitPoints.current")!.GetValue<int>());
        Assert.Null(state.GetValue("characters.1.name"));
        Assert.Equal(10, States.Int(state.GetValue("characters.0.hp")));
    }

    [Fact]
    public void Actors_and_their_plugin_data_are_updated_by_id()
    {
        var state = States.Document();

        var actor = PluginState.UpdateActorState(state, "a1", new Dictionary<string, object?> { ["name"] = "Hobgoblin" });
        var pluginData = PluginState.SetActorPluginData(state, "a1", "cr", "1/2");
        var characterData = PluginState.SetCharacterPluginData(state, "c2", "hitPoints", new { current = 8, max = 8 });
        Apply(state, [.. actor, .. pluginData, .. characterData]);

        Assert.Equal("actors.0.pluginData.cr", pluginData[0].Path);
        Assert.Equal("Hobgoblin", state.GetValue("actors.0.name")!.GetValue<string>());
        Assert.Equal("1/2", PluginState.GetActorPluginData(state, "a1", "cr")!.GetValue<string>());
        Assert.Equal(8, PluginState.GetCharacterPluginData(state, "c2", "hitPoints.max")!.GetValue<int>());
    }

    [Fact]
    public void Unknown_entities_bad_keys_and_id_changes_are_refused_clearly()
    {
        var state = States.Document();

        var missing = Assert.Throws<KeyNotFoundException>(() => PluginState.UpdateCharacterState(state, "c9", Updates("hp", 1)));
        var dotted = Assert.Throws<ArgumentException>(() => PluginState.SetPluginData("dnd.5e", new { }));
        var empty = Assert.Throws<ArgumentException>(() => PluginState.UpdateCharacterState(state, "c1", Updates("stats..hp", 1)));
        var id = Assert.Throws<ArgumentException>(() => PluginState.UpdateActorState(state, "a1", Updates("id", "a2")));
        var nothing = Assert.Throws<ArgumentException>(() => PluginState.UpdateActorState(state, "a1", new Dictionary<string, object?>()));
        Assert.Throws<ArgumentException>(() => PluginState.SetPluginData("", 1));
        Assert.Throws<ArgumentException>(() => PluginState.SetPluginData("dnd5e", "dice.", 1));
        Assert.Throws<ArgumentException>(() => PluginState.GetPluginData(state, "dnd5e", ".rules"));
        Assert.Throws<ArgumentException>(() => PluginState.GetCharacterPluginData(state, "c1", ""));

        Assert.Contains("'c9'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'dnd.5e'", dotted.Message, StringComparison.Ordinal);
        Assert.Contains("empty segment", empty.Message, StringComparison.Ordinal);
        Assert.Contains("id", id.Message, StringComparison.Ordinal);
        Assert.Contains("nothing to update", nothing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_are_checked_as_the_server_checks_them()
    {
        var state = States.Document();

        Assert.Equal("currentEncounter.tokens.0.x", StatePaths.Entity(state, "tokens", "t1", "x"));
        Assert.Equal("items.0", StatePaths.Entity(state, "items", "i1"));
        Assert.Equal("pluginData.a.b", StatePaths.Join("pluginData", "a", "b"));
        Assert.Throws<ArgumentException>(() => StatePaths.Join("pluginData", "a.b"));
        Assert.Throws<ArgumentException>(() => StatePaths.Entity(state, "monsters", "m1"));
        Assert.Throws<ArgumentException>(() => StateOps.Set("stateVersion", "9"));
        Assert.Throws<ArgumentException>(() => StateOps.Set("lastUpdated", 1));
        Assert.Throws<ArgumentException>(() => StateOps.Unset("characters..0"));
        Assert.Throws<ArgumentException>(() => StatePaths.Absolute("pluginData.a.b.c", maxDepth: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StateOps.Inc("characters.0.hp", double.NaN));
    }

    [Fact]
    public void Operation_values_travel_as_contract_json()
    {
        var set = StateOps.Set("pluginData.x", new { HitPoints = 3, Name = (string?)null });
        var node = StateOps.Set("pluginData.y", new JsonObject { ["a"] = 1 });
        var nullValue = StateOps.Set("pluginData.z", null);
        var unset = StateOps.Unset("pluginData.x");

        Assert.Equal("""{"hitPoints":3,"name":null}""", set.Value.GetRawText());
        Assert.Equal("""{"a":1}""", node.Value.GetRawText());
        Assert.True(nullValue.HasValue);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, nullValue.Value.ValueKind);
        Assert.False(unset.HasValue);
        Assert.Equal(OperationKinds.Inc, StateOps.Inc("characters.0.hp", 2).Operation);
        Assert.Equal(OperationKinds.Push, StateOps.Push("pluginData.log", "x").Operation);
        Assert.Equal(OperationKinds.Pull, StateOps.Pull("characters", new { id = "c1" }).Operation);
    }

    private static Dictionary<string, object?> Updates(string key, object? value) => new() { [key] = value };

    private static void Apply(Engine.GameStateDocument state, IReadOnlyList<StateOperation> operations)
    {
        var result = state.Apply(operations, 1);
        Assert.True(result.Success, result.Error?.Message);
    }
}
