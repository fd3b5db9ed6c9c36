using System.Text.Json;
using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

public sealed class TouchedEntitiesTests
{
    private static string[] Touched(params StateOperation[] ops) =>
        [.. Sample().ApplyOk(ops).TouchedEntities.Select(e => $"{e.Kind}/{e.Id}").Order(StringComparer.Ordinal)];

    [Fact]
    public void A_change_inside_an_entity_touches_it() =>
        Assert.Equal(["characters/c1"], Touched(Inc("characters.0.hp", "1")));

    [Fact]
    public void Changes_in_actors_and_items_touch_their_kinds() =>
        Assert.Equal(["actors/a1", "items/i1"], Touched(Set("actors.0.hp", "1"), Push("items.0.tags", "\"y\"")));

    [Fact]
    public void Renaming_an_id_touches_old_and_new() =>
        Assert.Equal(["characters/c1", "characters/c9"], Touched(Set("characters.0.id", "\"c9\"")));

    [Fact]
    public void Removing_an_entity_touches_it()
    {
        Assert.Equal(["characters/c2"], Touched(Unset("characters.1")));
        Assert.Equal(["characters/c1"], Touched(Pull("characters", """{"name":"Aria"}""")));
    }

    [Fact]
    public void Adding_an_entity_touches_it() =>
        Assert.Equal(["items/i2"], Touched(Push("items", """{"id":"i2"}""")));

    [Fact]
    public void Replacing_an_element_touches_old_and_new() =>
        Assert.Equal(["characters/c2", "characters/c3"], Touched(Set("characters.1", """{"id":"c3"}""")));

    [Fact]
    public void Replacing_a_root_array_touches_ids_before_and_after() =>
        Assert.Equal(["characters/c1", "characters/c2", "characters/c5"], Touched(Set("characters", """[{"id":"c1","hp":1},{"id":"c5"}]""")));

    [Fact]
    public void Tokens_and_encounter_changes_touch_the_encounter()
    {
        Assert.Equal(["encounters/e1"], Touched(Set("currentEncounter.tokens.0.x", "5")));
        Assert.Equal(["encounters/e1"], Touched(Push("currentEncounter.tokens", """{"id":"t3"}""")));
        Assert.Equal(["encounters/e1"], Touched(Set("currentEncounter.encounter.status", "\"active\"")));
        Assert.Equal(["encounters/e1", "encounters/e2"], Touched(Set("currentEncounter.encounter.id", "\"e2\"")));
    }

    [Fact]
    public void Map_changes_touch_old_and_new_map()
    {
        Assert.Equal(["maps/m1", "maps/m2"], Touched(Set("currentEncounter.map", """{"id":"m2"}""")));
        Assert.Equal(["maps/m1"], Touched(Set("currentEncounter.map.grid", "8")));
        Assert.Equal(["maps/m1"], Touched(Set("currentEncounter.map", "null")));
    }

    [Fact]
    public void Ending_or_replacing_the_encounter_touches_encounter_and_map()
    {
        Assert.Equal(["encounters/e1", "maps/m1"], Touched(Set("currentEncounter", "null")));
        Assert.Equal(["encounters/e1", "encounters/e2", "maps/m1"],
            Touched(Set("currentEncounter", """{"encounter":{"id":"e2"},"map":null,"tokens":[]}""")));

        var doc = Sample();
        doc.ApplyOk(Set("currentEncounter", "null"));
        var started = doc.ApplyOk(Set("currentEncounter", """{"encounter":{"id":"e3"},"map":{"id":"m3"},"tokens":[]}"""));
        Assert.Equal(["encounters/e3", "maps/m3"], started.TouchedEntities.Select(e => $"{e.Kind}/{e.Id}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Extra_currentEncounter_keys_and_pluginData_touch_nothing()
    {
        Assert.Empty(Touched(Set("currentEncounter.round", "1")));
        Assert.Empty(Touched(Set("pluginData.x", "1")));
    }

    [Fact]
    public void Entities_that_only_existed_within_the_update_are_left_out()
    {
        Assert.Empty(Touched(Push("characters", """{"id":"tmp"}"""), Pull("characters", """{"id":"tmp"}""")));
        Assert.Equal(["characters/c1", "characters/c8"], Touched(Set("characters.0.id", "\"c7\""), Set("characters.0.id", "\"c8\"")));
        Assert.Equal(["encounters/e1", "encounters/e3"], Touched(Set("currentEncounter.encounter.id", "\"e2\""), Set("currentEncounter.encounter.id", "\"e3\"")));
    }

    [Fact]
    public void An_entity_renamed_away_and_back_is_still_touched() =>
        Assert.Equal(["characters/c1"], Touched(Set("characters.0.id", "\"x\""), Set("characters.0.id", "\"c1\"")));

    [Fact]
    public void No_ops_touch_nothing() =>
        Assert.Empty(Touched(Unset("characters.0.nothing"), Pull("characters.0.inventory", "\"shield\"")));

    [Fact]
    public void Serialises_as_kind_and_id()
    {
        var update = Sample().ApplyOk(Inc("characters.0.hp", "1"));
        Assert.Equal("""[{"kind":"characters","id":"c1"}]""", JsonSerializer.Serialize(update.TouchedEntities, ContractJson.Options));
    }
}
