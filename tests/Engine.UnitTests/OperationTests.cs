using System.Text.Json;
using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>docs/api.md section 6, one operation at a time, including previous.</summary>
public sealed class OperationTests
{
    // ---- set -------------------------------------------------------------------------------------------------------

    [Fact]
    public void Set_new_key_is_added_at_the_end_and_previous_is_absent()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("characters.0.level", "3"));
        Assert.Equal("3", doc.Get("characters.0.level"));
        Assert.EndsWith("\"level\":3}", doc.Get("characters.0"));
        Assert.False(update.Operations[0].HasPrevious);
        Assert.Equal(JsonValueKind.Undefined, update.Operations[0].Previous.ValueKind);
    }

    [Fact]
    public void Set_existing_key_replaces_in_place_and_previous_is_the_old_value()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("characters.0.stats", """{"str":1}"""));
        Assert.Equal("""{"id":"c1","name":"Aria","hp":10,"stats":{"str":1},"inventory":["sword","rope"]}""", doc.Get("characters.0"));
        Assert.Equal("""{"str":12,"dex":14}""", update.Operations[0].Previous.Text());
    }

    [Fact]
    public void Set_null_is_a_value()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("characters.0.name", "null"), Set("pluginData.fresh", "null"));
        Assert.Contains("\"name\":null", doc.Get("characters.0"));
        Assert.Equal("\"Aria\"", update.Operations[0].Previous.Text());
        Assert.Equal(JsonValueKind.Null, update.Operations[0].Value.ValueKind);
        Assert.Contains("\"fresh\":null", doc.ToJsonString());
    }

    [Fact]
    public void Set_previous_of_null_is_null_not_absent()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("currentEncounter.map", "null"));
        Assert.Equal("""{"id":"m1"}""", update.Operations[0].Previous.Text());
        var second = doc.ApplyOk(Set("currentEncounter.map", """{"id":"m2"}"""));
        Assert.True(second.Operations[0].HasPrevious);
        Assert.Equal(JsonValueKind.Null, second.Operations[0].Previous.ValueKind);
    }

    [Fact]
    public void Set_creates_missing_object_keys_along_the_way()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("pluginData.a.b.c", "1"));
        Assert.Equal("""{"b":{"c":1}}""", doc.Get("pluginData.a"));
        Assert.False(update.Operations[0].HasPrevious);
    }

    [Fact]
    public void Set_on_an_array_index_replaces_the_element()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("characters.0.inventory.1", "\"axe\""));
        Assert.Equal("""["sword","axe"]""", doc.Get("characters.0.inventory"));
        Assert.Equal("\"rope\"", update.Operations[0].Previous.Text());
    }

    [Theory]
    [InlineData("characters.0.inventory.2")]
    [InlineData("characters.0.inventory.99")]
    [InlineData("characters.0.inventory.99999999999999999999")]
    [InlineData("characters.5.name")]
    public void Set_out_of_range_index_is_an_error(string path)
    {
        var message = Sample().ApplyFails(Set(path, "1"));
        Assert.Contains("out of range", message);
        Assert.StartsWith(path + ":", message);
    }

    [Fact]
    public void Set_on_a_digit_key_of_an_object_is_a_key()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.0", "1"), Set("pluginData.01", "2"));
        Assert.Equal("1", doc.Get("pluginData.0"));
        Assert.Equal("2", doc.Get("pluginData.01"));
    }

    [Theory]
    [InlineData("characters.01.name")]
    [InlineData("characters.x")]
    [InlineData("characters.-1")]
    [InlineData("characters.0.inventory.+1")]
    [InlineData("characters.0.inventory. 1")]
    public void A_non_index_segment_on_an_array_is_an_error(string path)
    {
        var message = Sample().ApplyFails(Set(path, "1"));
        Assert.Contains("is not an array index", message);
        var unset = Sample().ApplyFails(Unset(path));
        Assert.Contains("is not an array index", unset);
    }

    [Theory]
    [InlineData("characters.0.name.first", "'characters.0.name' is a string")]
    [InlineData("characters.0.hp.x", "'characters.0.hp' is a number")]
    [InlineData("pluginData.dice.last.0.x", "'pluginData.dice.last.0' is a number")]
    public void A_segment_on_a_scalar_is_an_error_for_every_operation(string path, string expected)
    {
        foreach (var op in new[] { Set(path, "1"), Unset(path), Inc(path, "1"), Push(path, "1"), Pull(path, "1") })
        {
            Assert.Contains(expected, Sample().ApplyFails(op));
        }
    }

    [Fact]
    public void A_segment_on_null_is_an_error_for_every_operation()
    {
        var doc = Sample();
        doc.ApplyOk(Set("currentEncounter.map", "null"));
        foreach (var op in new[] { Set("currentEncounter.map.id", "\"m\""), Unset("currentEncounter.map.id"), Inc("currentEncounter.map.n", "1"), Push("currentEncounter.map.l", "1"), Pull("currentEncounter.map.l", "1") })
        {
            Assert.Contains("'currentEncounter.map' is null", doc.ApplyFails(op));
        }

        doc.ApplyOk(Set("currentEncounter", "null"));
        Assert.Contains("'currentEncounter' is null", doc.ApplyFails(Set("currentEncounter.tokens.0.x", "1")));
    }

    [Fact]
    public void Set_without_a_value_is_an_error()
    {
        Assert.Contains("set requires a value", Sample().ApplyFails(Op("pluginData.x", OperationKinds.Set)));
    }

    // ---- unset -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Unset_removes_a_key_and_previous_is_the_old_value()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Unset("characters.0.stats"));
        Assert.Equal("<absent>", doc.Get("characters.0.stats"));
        Assert.Equal("""{"str":12,"dex":14}""", update.Operations[0].Previous.Text());
        Assert.Equal(JsonValueKind.Undefined, update.Operations[0].Value.ValueKind);
    }

    [Fact]
    public void Unset_removes_an_array_element_and_later_ones_shift_down()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Unset("pluginData.dice.last.0"));
        Assert.Equal("[2,3]", doc.Get("pluginData.dice.last"));
        Assert.Equal("1", update.Operations[0].Previous.Text());
    }

    [Theory]
    [InlineData("characters.0.nothing")]
    [InlineData("characters.0.nothing.deeper")]
    [InlineData("characters.7")]
    [InlineData("characters.7.name")]
    [InlineData("pluginData.dice.last.3")]
    [InlineData("pluginData.missing.x.y")]
    public void Unset_of_something_missing_is_a_no_op_without_previous(string path)
    {
        var doc = Sample();
        var before = doc.ToJsonString();
        var update = doc.ApplyOk(Unset(path));
        Assert.False(update.Operations[0].HasPrevious);
        Assert.Equal(before.Replace("\"stateVersion\":\"5\",\"lastUpdated\":1764000000000", "\"stateVersion\":\"6\",\"lastUpdated\":1764000000123"), doc.ToJsonString());
        Assert.Empty(update.TouchedEntities);
    }

    [Theory]
    [InlineData("characters")]
    [InlineData("actors")]
    [InlineData("items")]
    [InlineData("pluginData")]
    [InlineData("currentEncounter")]
    public void Unsetting_a_root_is_an_error(string root)
    {
        var message = Sample().ApplyFails(Unset(root));
        Assert.Contains("a root cannot be unset", message);
    }

    [Fact]
    public void Unsetting_currentEncounter_suggests_setting_it_to_null()
    {
        Assert.Contains("set currentEncounter to null", Sample().ApplyFails(Unset("currentEncounter")));
    }

    [Fact]
    public void Unset_ignores_a_value_sent_with_it()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Op("pluginData.log", OperationKinds.Unset, "42"));
        Assert.Equal(JsonValueKind.Undefined, update.Operations[0].Value.ValueKind);
        Assert.Equal("[]", update.Operations[0].Previous.Text());
    }

    // ---- inc -------------------------------------------------------------------------------------------------------

    [Fact]
    public void Inc_integer_plus_integer_stays_an_integer()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Inc("characters.0.hp", "-3"));
        Assert.Equal("7", doc.Get("characters.0.hp"));
        Assert.Equal("10", update.Operations[0].Previous.Text());
    }

    [Theory]
    [InlineData("characters.0.hp", "0.5", "10.5")]
    [InlineData("characters.1.hp", "1", "8.5")]
    [InlineData("characters.1.hp", "0.5", "8")]
    [InlineData("characters.0.hp", "1e1", "20")]
    [InlineData("characters.0.hp", "1.0", "11")]
    public void Inc_with_a_non_integer_uses_double_arithmetic(string path, string by, string expected)
    {
        var doc = Sample();
        doc.ApplyOk(Inc(path, by));
        Assert.Equal(expected, doc.Get(path));
    }

    [Fact]
    public void Inc_of_a_missing_target_sets_the_value_and_previous_is_absent()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Inc("pluginData.counters.turn", "1.50"));
        Assert.Equal("1.50", doc.Get("pluginData.counters.turn"));
        Assert.False(update.Operations[0].HasPrevious);
    }

    [Theory]
    [InlineData("characters.0.name", "a string")]
    [InlineData("characters.0.stats", "an object")]
    [InlineData("characters.0.inventory", "an array")]
    public void Inc_of_a_non_number_is_an_error(string path, string found)
    {
        var message = Sample().ApplyFails(Inc(path, "1"));
        Assert.Contains($"inc needs a number here, found {found}", message);
    }

    [Fact]
    public void Inc_of_null_is_an_error()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.n", "null"));
        Assert.Contains("found null", doc.ApplyFails(Inc("pluginData.n", "1")));
    }

    [Fact]
    public void Inc_overflow_of_a_64_bit_integer_is_an_error()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.n", "9223372036854775807"));
        Assert.Contains("overflows a 64-bit integer", doc.ApplyFails(Inc("pluginData.n", "1")));
        doc.ApplyOk(Inc("pluginData.n", "-1"));
        Assert.Equal("9223372036854775806", doc.Get("pluginData.n"));
    }

    [Theory]
    [InlineData("12345678901234567890", "1")]
    [InlineData("5", "9223372036854775808")]
    [InlineData("5", "-9223372036854775809")]
    public void Inc_of_an_integer_beyond_64_bits_is_an_error(string target, string by)
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.n", target));
        Assert.Contains("integer outside the 64-bit range", doc.ApplyFails(Inc("pluginData.n", by)));
        Assert.Equal(target, doc.Get("pluginData.n"));
    }

    [Fact]
    public void Inc_of_a_large_double_is_double_arithmetic()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.n", "1.2345678901234567e19"));
        doc.ApplyOk(Inc("pluginData.n", "1"));
        Assert.Equal(1.2345678901234567e19 + 1, doc.GetValue("pluginData.n")!.GetValue<double>());
    }

    [Fact]
    public void Inc_to_infinity_is_an_error()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.n", "1.5e308"));
        Assert.Contains("not a finite number", doc.ApplyFails(Inc("pluginData.n", "1.5e308")));
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("{}")]
    [InlineData("1e400")]
    public void Inc_value_must_be_a_finite_number(string value)
    {
        Assert.Contains("inc value must be a finite number", Sample().ApplyFails(Inc("characters.0.hp", value)));
    }

    [Fact]
    public void Inc_without_a_value_is_an_error()
    {
        Assert.Contains("inc requires a value", Sample().ApplyFails(Op("characters.0.hp", OperationKinds.Inc)));
    }

    [Fact]
    public void Inc_out_of_range_is_an_error()
    {
        Assert.Contains("out of range", Sample().ApplyFails(Inc("pluginData.dice.last.3", "1")));
    }

    [Fact]
    public void Inc_on_an_array_element()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Inc("pluginData.dice.last.2", "10"));
        Assert.Equal("[1,2,13]", doc.Get("pluginData.dice.last"));
        Assert.Equal("3", update.Operations[0].Previous.Text());
    }

    // ---- push ------------------------------------------------------------------------------------------------------

    [Fact]
    public void Push_appends_and_has_no_previous()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Push("characters.0.inventory", """{"name":"torch"}"""), Push("pluginData.log", "\"hit\""));
        Assert.Equal("""["sword","rope",{"name":"torch"}]""", doc.Get("characters.0.inventory"));
        Assert.Equal("""["hit"]""", doc.Get("pluginData.log"));
        Assert.All(update.Operations, op => Assert.False(op.HasPrevious));
    }

    [Fact]
    public void Push_to_a_missing_target_creates_the_array_and_the_objects_on_the_way()
    {
        var doc = Sample();
        doc.ApplyOk(Push("pluginData.history.rolls", "6"));
        Assert.Equal("""{"rolls":[6]}""", doc.Get("pluginData.history"));
    }

    [Theory]
    [InlineData("characters.0.name", "a string")]
    [InlineData("characters.0.stats", "an object")]
    [InlineData("characters.0.hp", "a number")]
    public void Push_to_a_non_array_is_an_error(string path, string found)
    {
        Assert.Contains($"push needs an array here, found {found}", Sample().ApplyFails(Push(path, "1")));
    }

    [Fact]
    public void Push_out_of_range_and_without_value_are_errors()
    {
        Assert.Contains("out of range", Sample().ApplyFails(Push("characters.4.inventory", "1")));
        Assert.Contains("push requires a value", Sample().ApplyFails(Op("pluginData.log", OperationKinds.Push)));
    }

    [Fact]
    public void Push_null_appends_null()
    {
        var doc = Sample();
        doc.ApplyOk(Push("pluginData.log", "null"));
        Assert.Equal("[null]", doc.Get("pluginData.log"));
    }

    // ---- pull ------------------------------------------------------------------------------------------------------

    [Fact]
    public void Pull_removes_every_deep_equal_element_and_previous_lists_them_with_original_indices()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.list", """[1,2,1.0,3,1e0,"1"]"""));
        var update = doc.ApplyOk(Pull("pluginData.list", "1"));
        Assert.Equal("""[2,3,"1"]""", doc.Get("pluginData.list"));
        Assert.Equal("""[{"index":0,"value":1},{"index":2,"value":1.0},{"index":4,"value":1e0}]""", update.Operations[0].Previous.Text());
    }

    [Fact]
    public void Pull_with_an_object_matches_objects_holding_every_key_deep_equal()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.list", """[{"a":{"x":1,"y":2},"b":3},{"a":{"y":2,"x":1.0}},{"a":{"x":1,"y":2,"z":3}},{"b":3},5]"""));
        var update = doc.ApplyOk(Pull("pluginData.list", """{"a":{"x":1,"y":2}}"""));
        Assert.Equal("""[{"a":{"x":1,"y":2,"z":3}},{"b":3},5]""", doc.Get("pluginData.list"));
        Assert.Equal("""[{"index":0,"value":{"a":{"x":1,"y":2},"b":3}},{"index":1,"value":{"a":{"y":2,"x":1.0}}}]""", update.Operations[0].Previous.Text());
    }

    [Fact]
    public void Pull_with_an_empty_object_matches_every_object()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.list", """[{},{"a":1},[],1]"""));
        doc.ApplyOk(Pull("pluginData.list", "{}"));
        Assert.Equal("[[],1]", doc.Get("pluginData.list"));
    }

    [Fact]
    public void Pull_with_an_array_compares_in_order()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.list", """[[1,2],[2,1],[1,2,3],[1.0,2]]"""));
        doc.ApplyOk(Pull("pluginData.list", "[1,2]"));
        Assert.Equal("[[2,1],[1,2,3]]", doc.Get("pluginData.list"));
    }

    [Fact]
    public void Pull_null_and_strings_and_booleans()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData.list", """[null,"a",true,false,"a",null]"""));
        doc.ApplyOk(Pull("pluginData.list", "null"), Pull("pluginData.list", "\"a\""), Pull("pluginData.list", "false"));
        Assert.Equal("[true]", doc.Get("pluginData.list"));
    }

    [Theory]
    [InlineData("pluginData.missing")]
    [InlineData("pluginData.missing.deeper")]
    [InlineData("characters.9.inventory")]
    [InlineData("pluginData.dice.last.7")]
    public void Pull_of_a_missing_target_is_a_no_op_with_empty_previous(string path)
    {
        var doc = Sample();
        var update = doc.ApplyOk(Pull(path, "1"));
        Assert.Equal("[]", update.Operations[0].Previous.Text());
    }

    [Fact]
    public void Pull_that_matches_nothing_has_empty_previous()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Pull("pluginData.dice.last", "9"));
        Assert.Equal("[]", update.Operations[0].Previous.Text());
        Assert.Equal("[1,2,3]", doc.Get("pluginData.dice.last"));
    }

    [Fact]
    public void Pull_on_a_non_array_and_without_value_are_errors()
    {
        Assert.Contains("pull needs an array here, found an object", Sample().ApplyFails(Pull("characters.0.stats", "1")));
        Assert.Contains("pull requires a value", Sample().ApplyFails(Op("pluginData.log", OperationKinds.Pull)));
    }

    // ---- the update as a whole -------------------------------------------------------------------------------------

    [Fact]
    public void Operations_apply_in_order_and_the_version_advances_by_one()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("pluginData.n", "1"), Inc("pluginData.n", "1"), Inc("pluginData.n", "1"));
        Assert.Equal("3", doc.Get("pluginData.n"));
        Assert.Equal(5, update.PreviousVersion);
        Assert.Equal(6, update.NewVersion);
        Assert.Equal(6, doc.Version);
        Assert.Equal(1764000000123, doc.LastUpdated);
        Assert.Equal("\"6\"", doc.Get("stateVersion"));
        Assert.Equal("1764000000123", doc.Get("lastUpdated"));
        Assert.Equal(["absent", "1", "2"], update.Operations.Select(o => o.HasPrevious ? o.Previous.GetRawText() : "absent"));
    }

    [Fact]
    public void A_failing_operation_undoes_the_ones_before_it()
    {
        var doc = Sample();
        var message = doc.ApplyFails(
            Set("pluginData.n", "1"),
            Unset("characters.0.stats"),
            Push("characters", """{"id":"c3"}"""),
            Pull("pluginData.dice.last", "2"),
            Inc("characters.0.name", "1"));
        Assert.Equal("characters.0.name: inc needs a number here, found a string (operations[4])", message);
        Assert.Equal(SampleJson, doc.ToJsonString());
        Assert.False(doc.TryGetEntity("characters", "c3", out _));
    }

    [Fact]
    public void Client_sent_previous_is_ignored()
    {
        var doc = Sample();
        var op = new StateOperation("characters.0.hp", OperationKinds.Set, Json("1"), Json("\"forged\""));
        var update = doc.ApplyOk(op);
        Assert.Equal("10", update.Operations[0].Previous.Text());
        var push = doc.ApplyOk(new StateOperation("pluginData.log", OperationKinds.Push, Json("1"), Json("\"forged\"")));
        Assert.False(push.Operations[0].HasPrevious);
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("SET")]
    [InlineData("")]
    public void An_unknown_operation_is_an_error(string operation)
    {
        Assert.Contains($"unknown operation '{operation}'", Sample().ApplyFails(Op("pluginData.x", operation, "1")));
    }

    [Fact]
    public void An_empty_or_missing_operation_list_is_an_error()
    {
        Assert.Contains("at least one operation", Sample().ApplyFails());
        var doc = Sample();
        var result = doc.Apply(null!, 1);
        Assert.False(result.Success);
        Assert.Contains("at least one operation", result.Error!.Message);
    }

    [Theory]
    [InlineData("stateVersion")]
    [InlineData("lastUpdated")]
    [InlineData("other.x")]
    [InlineData("Characters.0.hp")]
    public void Only_the_five_roots_can_be_written(string path)
    {
        var message = Sample().ApplyFails(Set(path, "\"9\""));
        Assert.Contains("the first path segment must be one of characters, actors, items, currentEncounter, pluginData", message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("pluginData.")]
    [InlineData(".pluginData")]
    [InlineData("pluginData..x")]
    public void Empty_paths_and_segments_are_errors(string path)
    {
        var message = Sample().ApplyFails(Set(path, "1"));
        Assert.True(message.Contains("is empty") || message.Contains("must be a non-empty string"), message);
    }

    [Fact]
    public void Errors_name_the_path_the_rule_and_the_operation()
    {
        var message = Sample().ApplyFails(Set("pluginData.x", "1"), Inc("characters.0.stats", "1"));
        Assert.Equal("characters.0.stats: inc needs a number here, found an object (operations[1])", message);
    }

    [Fact]
    public void Value_is_copied_so_the_caller_can_dispose_it()
    {
        var doc = Sample();
        AppliedUpdate update;
        using (var source = JsonDocument.Parse("""{"deep":{"list":[1,2.50,"s"]}}"""))
        {
            update = doc.ApplyOk(new StateOperation("pluginData.copied", OperationKinds.Set, source.RootElement));
        }

        Assert.Equal("""{"deep":{"list":[1,2.50,"s"]}}""", doc.Get("pluginData.copied"));
        Assert.Equal("""{"deep":{"list":[1,2.50,"s"]}}""", update.Operations[0].Value.GetRawText());
        TestState.AssertConsistent(doc);
    }

    [Fact]
    public void Previous_is_a_snapshot_that_later_changes_do_not_affect()
    {
        var doc = Sample();
        var first = doc.ApplyOk(Set("pluginData.dice", "1"));
        doc.Undo(first);
        doc.ApplyOk(Push("pluginData.dice.last", "4"), Set("pluginData.dice.extra", "true"));
        Assert.Equal("""{"last":[1,2,3]}""", first.Operations[0].Previous.GetRawText());
    }

    [Fact]
    public void Duplicate_keys_in_a_value_are_an_error()
    {
        Assert.Contains("more than once", Sample().ApplyFails(Set("pluginData.x", """{"a":1,"a":2}""")));
    }

    [Fact]
    public void Returned_operations_keep_path_operation_and_value()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("pluginData.x", """{"k":[1.0]}"""));
        var op = update.Operations[0];
        Assert.Equal("pluginData.x", op.Path);
        Assert.Equal("set", op.Operation);
        Assert.Equal("""{"k":[1.0]}""", op.Value.GetRawText());
    }
}
