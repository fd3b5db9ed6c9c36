using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>docs/api.md section 4 after an update: errors name the offending path and rule.</summary>
public sealed class ShapeTests
{
    [Theory]
    [InlineData("characters")]
    [InlineData("actors")]
    [InlineData("items")]
    public void Entity_roots_must_be_arrays(string root)
    {
        Assert.Equal($"{root}: must be an array", Sample().ApplyFails(Set(root, "{}")));
    }

    [Fact]
    public void Replacing_an_entity_array_with_a_valid_one_is_fine()
    {
        var doc = Sample();
        doc.ApplyOk(Set("characters", """[{"id":"x"},{"id":"y","hp":1}]"""));
        Assert.True(doc.TryGetEntity("characters", "y", out var y));
        Assert.Equal("1", y!["hp"]!.ToJsonString());
        Assert.False(doc.TryGetEntity("characters", "c1", out _));
    }

    [Theory]
    [InlineData("""[{"id":"x"},5]""", "characters.1: must be an object with a non-empty string id")]
    [InlineData("""[{"id":"x"},null]""", "characters.1: must be an object with a non-empty string id")]
    [InlineData("""[{"id":"x"},{"name":"n"}]""", "characters.1.id: must be a non-empty string")]
    [InlineData("""[{"id":""}]""", "characters.0.id: must be a non-empty string")]
    [InlineData("""[{"id":7}]""", "characters.0.id: must be a non-empty string")]
    [InlineData("""[{"id":"x"},{"id":"y"},{"id":"x"}]""", "characters.2.id: must be unique within characters: 'x' is also at characters.0")]
    public void Entity_elements_need_unique_non_empty_string_ids(string value, string expected)
    {
        Assert.Equal(expected, Sample().ApplyFails(Set("characters", value)));
    }

    [Fact]
    public void Pushing_a_duplicate_id_names_the_new_element()
    {
        Assert.Equal("actors.1.id: must be unique within actors: 'a1' is also at actors.0", Sample().ApplyFails(Push("actors", """{"id":"a1"}""")));
    }

    [Fact]
    public void Changing_an_id_to_another_entitys_id_is_an_error()
    {
        Assert.Equal("characters.1.id: must be unique within characters: 'c1' is also at characters.0",
            Sample().ApplyFails(Set("characters.1.id", "\"c1\"")));
    }

    [Fact]
    public void Unsetting_or_emptying_an_id_is_an_error()
    {
        Assert.Equal("items.0.id: must be a non-empty string", Sample().ApplyFails(Unset("items.0.id")));
        Assert.Equal("items.0.id: must be a non-empty string", Sample().ApplyFails(Set("items.0.id", "\"\"")));
        Assert.Equal("currentEncounter.tokens.1.id: must be a non-empty string", Sample().ApplyFails(Set("currentEncounter.tokens.1.id", "null")));
    }

    [Fact]
    public void Ids_may_be_swapped_within_one_update()
    {
        var doc = Sample();
        doc.ApplyOk(Set("characters.0.id", "\"c2\""), Set("characters.1.id", "\"c1\""));
        Assert.True(doc.TryGetEntity("characters", "c1", out var c1));
        Assert.Equal("\"Bram\"", c1!["name"]!.ToJsonString());
        Assert.Equal(1, doc.IndexOfEntity("characters", "c1"));
    }

    [Fact]
    public void An_element_may_be_invalid_in_the_middle_of_an_update()
    {
        var doc = Sample();
        doc.ApplyOk(Unset("characters.0.id"), Set("characters.0", "5"), Set("characters.0", """{"id":"c9"}"""));
        Assert.True(doc.TryGetEntity("characters", "c9", out _));
    }

    [Fact]
    public void Arrays_elsewhere_are_free_form()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.things", """[1,{"id":1},{"id":1},null]"""), Set("characters.0.inventory", """[{"id":"a"},{"id":"a"}]"""));
    }

    [Fact]
    public void Entity_element_replaced_by_set()
    {
        var doc = Sample();
        doc.ApplyOk(Set("characters.1", """{"id":"c7","name":"New"}"""));
        Assert.False(doc.TryGetEntity("characters", "c2", out _));
        Assert.True(doc.TryGetEntity("characters", "c7", out _));
        Assert.Equal("characters.0: must be an object with a non-empty string id", doc.ApplyFails(Set("characters.0", "[]")));
    }

    // ---- currentEncounter --------------------------------------------------------------------------------------------

    [Fact]
    public void CurrentEncounter_can_be_ended_and_started()
    {
        var doc = Sample();
        doc.ApplyOk(Set("currentEncounter", "null"));
        Assert.Null(doc.CurrentEncounter);
        Assert.False(doc.TryGetEntity("tokens", "t1", out _));
        doc.ApplyOk(Set("currentEncounter", """{"encounter":{"id":"e2","status":"active"},"map":null,"tokens":[{"id":"t9"}],"round":1}"""));
        Assert.True(doc.TryGetEntity("tokens", "t9", out _));
        Assert.Equal("\"e2\"", doc.CurrentEncounter!["encounter"]!["id"]!.ToJsonString());
    }

    [Theory]
    [InlineData("5", "currentEncounter: must be null or an object with encounter, map and tokens")]
    [InlineData("[]", "currentEncounter: must be null or an object with encounter, map and tokens")]
    [InlineData("{}", "currentEncounter.encounter: is required (an object with a string id)")]
    [InlineData("""{"encounter":null,"map":null,"tokens":[]}""", "currentEncounter.encounter: must be an object with a string id")]
    [InlineData("""{"encounter":{},"map":null,"tokens":[]}""", "currentEncounter.encounter.id: must be a non-empty string")]
    [InlineData("""{"encounter":{"id":3},"map":null,"tokens":[]}""", "currentEncounter.encounter.id: must be a non-empty string")]
    [InlineData("""{"encounter":{"id":"e"},"tokens":[]}""", "currentEncounter.map: is required (null or an object with a string id)")]
    [InlineData("""{"encounter":{"id":"e"},"map":"m","tokens":[]}""", "currentEncounter.map: must be null or an object with a string id")]
    [InlineData("""{"encounter":{"id":"e"},"map":{"name":"m"},"tokens":[]}""", "currentEncounter.map.id: must be a non-empty string")]
    [InlineData("""{"encounter":{"id":"e"},"map":null}""", "currentEncounter.tokens: is required (an array)")]
    [InlineData("""{"encounter":{"id":"e"},"map":null,"tokens":{}}""", "currentEncounter.tokens: must be an array")]
    [InlineData("""{"encounter":{"id":"e"},"map":null,"tokens":[{"id":"t"},{"id":"t"}]}""", "currentEncounter.tokens.1.id: must be unique within currentEncounter.tokens: 't' is also at currentEncounter.tokens.0")]
    [InlineData("""{"encounter":{"id":"e"},"map":null,"tokens":[1]}""", "currentEncounter.tokens.0: must be an object with a non-empty string id")]
    public void CurrentEncounter_shape_errors_name_the_path(string value, string expected)
    {
        Assert.Equal(expected, Sample().ApplyFails(Set("currentEncounter", value)));
    }

    [Fact]
    public void CurrentEncounter_parts_are_checked_when_changed_individually()
    {
        Assert.Equal("currentEncounter.tokens: is required (an array)", Sample().ApplyFails(Unset("currentEncounter.tokens")));
        Assert.Equal("currentEncounter.map: is required (null or an object with a string id)", Sample().ApplyFails(Unset("currentEncounter.map")));
        Assert.Equal("currentEncounter.encounter.id: must be a non-empty string", Sample().ApplyFails(Unset("currentEncounter.encounter.id")));
        Assert.Equal("currentEncounter.tokens.2.id: must be unique within currentEncounter.tokens: 't1' is also at currentEncounter.tokens.0",
            Sample().ApplyFails(Push("currentEncounter.tokens", """{"id":"t1"}""")));
    }

    [Fact]
    public void CurrentEncounter_may_hold_extra_keys_and_be_rebuilt_piece_by_piece()
    {
        var doc = Sample();
        doc.ApplyOk(Set("currentEncounter.round", "2"), Set("currentEncounter.encounter.status", "\"active\""));
        doc.ApplyOk(
            Set("currentEncounter", "{}"),
            Set("currentEncounter.encounter.id", "\"e5\""),
            Set("currentEncounter.map", "null"),
            Push("currentEncounter.tokens", """{"id":"t1"}"""),
            Push("currentEncounter.tokens", """{"id":"t2"}"""));
        Assert.True(doc.TryGetEntity("tokens", "t2", out _));
    }

    [Fact]
    public void PluginData_must_be_an_object()
    {
        Assert.Equal("pluginData: must be an object", Sample().ApplyFails(Set("pluginData", "[]")));
        Assert.Equal("pluginData: must be an object", Sample().ApplyFails(Set("pluginData", "null")));
    }

    [Fact]
    public void Shape_errors_report_after_all_operations_ran()
    {
        // The last operation repairs what the first one broke.
        var doc = Sample();
        doc.ApplyOk(Set("pluginData", "1"), Set("pluginData", "{}"));
        Assert.Equal("{}", doc.Get("pluginData"));
    }
}
