using System.Text.Json;
using CsCheck;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>The operations a revert applies (<see cref="GameStateDocument.OperationsTo"/>): they lead exactly to the target's values.</summary>
public sealed class StateDiffTests
{
    private const long LastUpdated = 1764000000500;

    [Fact]
    public void Operations_to_any_earlier_state_of_a_random_run_lead_back_to_its_values()
    {
        StateGenerators.Case(6).Sample(c =>
        {
            var history = new List<string> { c.Json };
            var doc = GameStateDocument.Parse(c.Json);
            foreach (var update in c.Updates)
            {
                if (doc.Apply(update.ToOperations(), LastUpdated + doc.Version).Success)
                {
                    history.Add(doc.ToJsonString());
                }
            }

            foreach (var earlier in history)
            {
                var current = GameStateDocument.Parse(doc.ToJsonString());
                var target = GameStateDocument.Parse(earlier);
                var operations = current.OperationsTo(target);
                var result = current.Apply(operations, LastUpdated, allowEmpty: true);

                Assert.True(result.Success, result.Error?.Message);
                Assert.True(current.HasSameValues(target), $"{JsonSerializer.Serialize(operations, ContractJson.Options)}\n{current}\n{target}");
            }
        }, iter: 300, print: c => c.ToString());
    }

    [Fact]
    public void Entities_are_diffed_by_id_and_keys_one_by_one()
    {
        var from = GameStateDocument.Parse(
            """{"characters":[{"id":"a","hp":1},{"id":"b","hp":2}],"actors":[],"items":[],"currentEncounter":null,"pluginData":{"x":{"y":1,"z":2}},"stateVersion":"5","lastUpdated":0}""");
        var to = GameStateDocument.Parse(
            """{"characters":[{"id":"b","hp":3},{"id":"c"}],"actors":[],"items":[],"currentEncounter":null,"pluginData":{"x":{"y":1}},"stateVersion":"2","lastUpdated":0}""");

        var operations = from.OperationsTo(to).Select(o => $"{o.Operation} {o.Path} {(o.HasValue ? o.Value.GetRawText() : "")}".Trim());

        Assert.Equal(
            ["pull characters {\"id\":\"a\"}", "set characters.0.hp 3", "push characters {\"id\":\"c\"}", "unset pluginData.x.z"],
            operations);
    }

    [Fact]
    public void Reordered_entities_set_the_array_and_unnameable_keys_set_their_object()
    {
        var from = GameStateDocument.Parse(
            """{"characters":[{"id":"a"},{"id":"b"}],"actors":[],"items":[],"currentEncounter":null,"pluginData":{"p":{"a.b":1}},"stateVersion":"5","lastUpdated":0}""");
        var to = GameStateDocument.Parse(
            """{"characters":[{"id":"b"},{"id":"a"}],"actors":[],"items":[],"currentEncounter":null,"pluginData":{"p":{"a.b":2}},"stateVersion":"2","lastUpdated":0}""");

        var operations = from.OperationsTo(to).Select(o => $"{o.Operation} {o.Path}");

        Assert.Equal(["set characters", "set pluginData.p"], operations);
    }

    [Fact]
    public void Equal_states_need_no_operations_and_an_empty_revert_still_makes_a_version()
    {
        var from = TestState.Sample();
        var to = TestState.Sample();

        var operations = from.OperationsTo(to);
        var result = from.Apply(operations, LastUpdated, allowEmpty: true);

        Assert.Empty(operations);
        Assert.True(result.Success);
        Assert.False(TestState.Sample().Apply(operations, LastUpdated).Success);
    }
}
