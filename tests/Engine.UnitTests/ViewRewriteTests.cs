using Orleans.GameState.Views;
using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>The view rewrite of docs/views.md, operation kind by kind, at, inside and around hidden parts.</summary>
public sealed class ViewRewriteTests
{
    /// <summary>p1 sees a1 and c2; p2 sees c2; p3 is named nowhere. a2 is the GM's alone; c1 has a gmOnly note.</summary>
    private const string HiddenJson =
        """{"characters":[{"id":"c1","hp":10,"gmOnly":{"note":"secret-c1"}},{"id":"c2","hp":5,"visibility":["p1","p2"]},{"id":"c3","hp":3}],"actors":[{"id":"a0","kind":"orc"},{"id":"a1","kind":"goblin","visibility":["p1"]},{"id":"a2","kind":"dragon","visibility":"gm"},{"id":"a3","kind":"rat"}],"items":[],"currentEncounter":{"encounter":{"id":"e1","gmOnly":{"plan":"ambush"}},"map":null,"tokens":[{"id":"t1","visibility":"gm"},{"id":"t2"}]},"pluginData":{"notes":{"gmOnly":"x","public":"y"},"list":[{"k":1,"gmOnly":2},{"k":2}]},"stateVersion":"1","lastUpdated":1764000000000}""";

    private static GameStateDocument Hidden() => GameStateDocument.Parse(HiddenJson);

    private static Dictionary<string, IReadOnlyList<StateOperation>> Ok(GameStateDocument doc, params StateOperation[] ops) =>
        ViewCheck.Apply(doc, ops) ?? throw new Xunit.Sdk.XunitException("the update was refused");

    private static string Ops(IReadOnlyList<StateOperation> ops) => ViewCheck.Describe(ops);

    [Fact]
    public void The_view_removes_hidden_entities_and_gmOnly_keys_at_any_depth()
    {
        var view = Utf8(StateView.ToUtf8Bytes(Hidden(), "p3"));
        Assert.DoesNotContain("secret-c1", view);
        Assert.DoesNotContain("\"c2\"", view);
        Assert.DoesNotContain("dragon", view);
        Assert.DoesNotContain("ambush", view);
        Assert.DoesNotContain("\"t1\"", view);
        Assert.Contains("\"public\":\"y\"", view);
        Assert.Contains("{\"k\":1}", view);
        Assert.Contains("\"stateVersion\":\"1\"", view);
        var p1 = Utf8(StateView.ToUtf8Bytes(Hidden(), "p1"));
        Assert.Contains("goblin", p1);
        Assert.Contains("\"c2\"", p1);
    }

    [Fact]
    public void A_state_without_hidden_content_needs_no_rewrite_and_its_view_is_the_state()
    {
        var doc = Sample();
        Assert.False(doc.HasHiddenContent);
        Assert.Null(ViewRewrite.Prepare(doc, [Inc("characters.0.hp", "1")]));
        Assert.Equal(doc.ToUtf8Bytes(), StateView.ToUtf8Bytes(doc, "p1"));
        Assert.NotNull(ViewRewrite.Prepare(doc, [Set("characters.0.gmOnly", "1")]));
        Assert.NotNull(ViewRewrite.Prepare(doc, [Set("characters.0.visibility", "\"gm\"")]));
    }

    [Fact]
    public void Visibility_other_than_gm_all_or_a_list_of_ids_is_a_validation_error_naming_the_path()
    {
        var doc = Hidden();
        Assert.Contains("actors.1.visibility", doc.ApplyFails(Set("actors.1.visibility", "\"players\"")));
        Assert.Contains("actors.0.visibility", doc.ApplyFails(Set("actors.0.visibility", "[1]")));
        Assert.Contains("currentEncounter.tokens.1.visibility", doc.ApplyFails(Set("currentEncounter.tokens.1.visibility", "{}")));
        Assert.Contains("characters.3.visibility", doc.ApplyFails(Push("characters", """{"id":"c9","visibility":null}""")));
        // Checked after the operations: an invalid marker in the middle of an update is fine.
        doc.ApplyOk(Set("actors.0.visibility", "7"), Set("actors.0.visibility", "\"gm\""));
        Assert.Throws<StateValidationException>(() => GameStateDocument.Parse(HiddenJson.Replace("\"visibility\":\"gm\"", "\"visibility\":true")));
    }

    [Fact]
    public void An_update_inside_a_hidden_entity_reaches_others_as_an_empty_list()
    {
        var ops = Ok(Hidden(), Inc("actors.2.hp", "5"), Set("actors.2.loot", "\"gold-canary\""));
        Assert.All(ViewCheck.Viewers, v => Assert.Empty(ops[v]));
    }

    [Fact]
    public void Operations_on_visible_entities_keep_their_kind_with_indices_of_the_view()
    {
        var ops = Ok(Hidden(), Inc("actors.3.hp", "1"), Set("characters.2.name", "\"Cid\""));
        Assert.Equal("inc actors.2.hp 1 prev <absent> | set characters.2.name \"Cid\" prev <absent>", Ops(ops["p1"]));
        Assert.Equal("inc actors.1.hp 1 prev <absent> | set characters.1.name \"Cid\" prev <absent>", Ops(ops["p3"]));
    }

    [Fact]
    public void Writes_inside_and_around_gmOnly_are_filtered()
    {
        var ops = Ok(Hidden(),
            Set("characters.0.gmOnly.note", "\"new-secret\""),
            Set("pluginData.notes", """{"gmOnly":"s2","public":"z"}"""),
            Push("pluginData.list", """{"k":3,"gmOnly":{"a":"s3"}}"""),
            Unset("currentEncounter.encounter.gmOnly"));
        Assert.Equal("""set pluginData.notes {"public":"z"} prev {"public":"y"} | push pluginData.list {"k":3} prev <absent>""", Ops(ops["p3"]));
    }

    [Fact]
    public void A_pull_in_a_free_array_becomes_unsets_with_filtered_previous()
    {
        var ops = Ok(Hidden(), Pull("pluginData.list", """{"k":1}"""));
        Assert.Equal("""unset pluginData.list.0 <absent> prev {"k":1}""", Ops(ops["p3"]));
    }

    [Fact]
    public void A_pull_removing_hidden_and_visible_entities_together_unsets_only_the_visible_ones_at_view_indices()
    {
        var doc = Hidden();
        var ops = Ok(doc, Pull("actors", """{"kind":"goblin"}"""));
        Assert.Equal("""unset actors.1 <absent> prev {"id":"a1","kind":"goblin","visibility":["p1"]}""", Ops(ops["p1"]));
        Assert.Empty(ops["p3"]);

        var doc2 = Hidden();
        doc2.ApplyOk(Set("actors.3.kind", "\"goblin\""), Set("actors.2.kind", "\"goblin\""));
        var ops2 = Ok(doc2, Pull("actors", """{"kind":"goblin"}"""));
        Assert.Equal("unset actors.2 <absent> prev {\"id\":\"a3\",\"kind\":\"goblin\"} | unset actors.1 <absent> prev {\"id\":\"a1\",\"kind\":\"goblin\",\"visibility\":[\"p1\"]}", Ops(ops2["p1"]));
        Assert.Equal("unset actors.1 <absent> prev {\"id\":\"a3\",\"kind\":\"goblin\"}", Ops(ops2["p3"]));
    }

    [Fact]
    public void Pushing_a_hidden_entity_reaches_nobody_and_a_visible_one_is_pushed()
    {
        var ops = Ok(Hidden(), Push("actors", """{"id":"a9","visibility":["p2"],"loot":"canary"}"""));
        Assert.Empty(ops["p1"]);
        Assert.Empty(ops["p3"]);
        Assert.Equal("""push actors {"id":"a9","visibility":["p2"],"loot":"canary"} prev <absent>""", Ops(ops["p2"]));
    }

    [Fact]
    public void Hiding_an_entity_unsets_it_and_revealing_the_last_one_pushes_it()
    {
        var ops = Ok(Hidden(), Set("actors.3.visibility", "\"gm\""));
        Assert.Equal("""unset actors.1 <absent> prev {"id":"a3","kind":"rat"}""", Ops(ops["p3"]));
        var doc = Hidden();
        doc.ApplyOk(Set("actors.3.visibility", "\"gm\""));
        var reveal = Ok(doc, Unset("actors.3.visibility"));
        Assert.Equal("""push actors {"id":"a3","kind":"rat"} prev <absent>""", Ops(reveal["p3"]));
    }

    [Fact]
    public void Revealing_an_entity_in_the_middle_of_an_array_sets_the_whole_view_array()
    {
        var ops = Ok(Hidden(), Set("actors.2.visibility", "\"all\""));
        Assert.Equal("""set actors [{"id":"a0","kind":"orc"},{"id":"a2","kind":"dragon","visibility":"all"},{"id":"a3","kind":"rat"}] prev [{"id":"a0","kind":"orc"},{"id":"a3","kind":"rat"}]""", Ops(ops["p3"]));
    }

    [Fact]
    public void Replacing_an_element_with_one_of_another_visibility_hides_or_reveals_it()
    {
        var ops = Ok(Hidden(), Set("characters.1", """{"id":"c2","hp":5}"""), Set("actors.0", """{"id":"a0","visibility":"gm","secret":"canary"}"""));
        Assert.Equal("""unset actors.0 <absent> prev {"id":"a0","kind":"orc"}""", Ops(ops["p1"]).Split(" | ").Last());
        Assert.Contains("set characters", Ops(ops["p3"]));
    }

    [Fact]
    public void Unsetting_elements_shifts_view_indices()
    {
        var ops = Ok(Hidden(), Unset("actors.3"));
        Assert.Equal("""unset actors.2 <absent> prev {"id":"a3","kind":"rat"}""", Ops(ops["p1"]));
        Assert.Equal("""unset actors.1 <absent> prev {"id":"a3","kind":"rat"}""", Ops(ops["p3"]));
        Assert.Empty(Ok(Hidden(), Unset("actors.2"))["p1"]);
    }

    [Fact]
    public void A_value_that_exists_only_between_two_operations_never_reaches_a_member()
    {
        // Reveal, write a secret, hide again: the member sees the actor at neither version.
        var ops = Ok(Hidden(), Set("actors.2.visibility", "\"all\""), Set("actors.2.loot", "\"canary\""), Set("actors.2.visibility", "\"gm\""));
        Assert.All(ViewCheck.Viewers, v => Assert.DoesNotContain("canary", Ops(ops[v])));
        // Write then overwrite a visible value: only the end result.
        var ops2 = Ok(Hidden(), Set("characters.2.note", "\"canary\""), Set("characters.2.note", "\"final\""));
        Assert.DoesNotContain("canary", Ops(ops2["p3"]));
        Assert.Contains("final", Ops(ops2["p3"]));
        // Push then pull in the same update.
        var ops3 = Ok(Hidden(), Push("items", """{"id":"i9","x":"canary"}"""), Pull("items", """{"id":"i9"}"""));
        Assert.All(ViewCheck.Viewers, v => Assert.DoesNotContain("canary", Ops(ops3[v])));
    }

    [Fact]
    public void Changing_a_visibility_list_moves_entities_between_views()
    {
        var ops = Ok(Hidden(), Set("characters.1.visibility", """["p3"]"""));
        Assert.StartsWith("unset characters.1", Ops(ops["p1"]));
        Assert.StartsWith("set characters", Ops(ops["p3"]));
        var pushed = Ok(Hidden(), Push("actors.1.visibility", "\"p3\""));
        Assert.NotEmpty(pushed["p3"]);
    }

    [Fact]
    public void Replacing_currentEncounter_and_whole_arrays_filters_them()
    {
        var ops = Ok(Hidden(), Set("currentEncounter", """{"encounter":{"id":"e2","gmOnly":"boss"},"map":null,"tokens":[{"id":"t7","visibility":"gm"},{"id":"t8"}]}"""));
        Assert.Equal("""set currentEncounter {"encounter":{"id":"e2"},"map":null,"tokens":[{"id":"t8"}]} prev {"encounter":{"id":"e1"},"map":null,"tokens":[{"id":"t2"}]}""", Ops(ops["p3"]));
        var ended = Ok(Hidden(), Set("currentEncounter", "null"));
        Assert.Equal("""set currentEncounter null prev {"encounter":{"id":"e1"},"map":null,"tokens":[{"id":"t2"}]}""", Ops(ended["p2"]));
        var arrays = Ok(Hidden(), Set("actors", """[{"id":"x","visibility":"gm"},{"id":"y"}]"""));
        Assert.StartsWith("""set actors [{"id":"y"}]""", Ops(arrays["p1"]));
    }

    [Fact]
    public void Several_structural_operations_on_one_array_fall_back_to_one_set_of_it()
    {
        var ops = Ok(Hidden(), Push("currentEncounter.tokens", """{"id":"t3"}"""), Unset("currentEncounter.tokens.0"), Set("currentEncounter.tokens.0.x", "1"));
        Assert.Equal("""set currentEncounter.tokens [{"id":"t2","x":1},{"id":"t3"}] prev [{"id":"t2"}]""", Ops(ops["p3"]));
    }

    [Fact]
    public void A_copy_advances_its_version_alone_for_an_empty_member_broadcast()
    {
        var copy = GameStateDocument.Parse(StateView.ToUtf8Bytes(Hidden(), "p3"));
        var before = copy.ToJsonString();
        Assert.True(copy.Apply([], 1764000000999, allowEmpty: true).Success);
        Assert.Equal(2, copy.Version);
        Assert.Equal(before.Replace("\"stateVersion\":\"1\"", "\"stateVersion\":\"2\"").Replace("1764000000000", "1764000000999"), copy.ToJsonString());
        AssertConsistent(copy);
        copy.ApplyOk(Inc("actors.0.hp", "1"));
        Assert.Equal(3, copy.Version);
    }
}
