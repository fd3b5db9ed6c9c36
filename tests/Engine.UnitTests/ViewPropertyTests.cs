using System.Text.Json;
using CsCheck;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>
/// Random states with hidden entities and gmOnly keys, random updates that add, change, hide, reveal and remove
/// entities and write inside and around gmOnly: for every viewer, the rewritten operations applied to the old view
/// give the new view, and carry nothing the viewer sees at neither version (<see cref="ViewCheck"/>).
/// </summary>
public sealed class ViewPropertyTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("ENGINE_PROPERTY_ITERATIONS"), out var n) && n > 0 ? n : 500;

    private static readonly string[] Markers = ["", "\"all\"", "\"gm\"", "[\"p1\"]", "[\"p2\"]", "[\"p1\",\"p2\"]", "[]"];

    private static readonly Gen<string> Marker = Gen.OneOf(Markers);

    private static readonly Gen<string> Small = Gen.OneOf("1", "\"v\"", "\"canary\"", "{\"gmOnly\":\"canary\",\"k\":1}", "[1,2]", "{\"a\":{\"gmOnly\":1}}", "null");

    private static Gen<string> Entity(string prefix) =>
        Gen.Select(Gen.Int[0, 30], Marker, Gen.Bool, Small, (id, marker, secret, field) =>
            "{\"id\":\"" + prefix + id + "\"" + (marker.Length > 0 ? ",\"visibility\":" + marker : "")
            + (secret ? ",\"gmOnly\":{\"s\":\"canary\"}" : "") + ",\"f\":" + field + "}");

    private static Gen<string> Entities(string prefix) =>
        Entity(prefix).Array[0, 5].Select(items => "[" + string.Join(",", items.DistinctBy(e => JsonDocument.Parse(e).RootElement.GetProperty("id").GetString())) + "]");

    private static readonly Gen<string> State =
        Gen.Select(Entities("c"), Entities("a"), Entities("t"), Gen.Bool, (characters, actors, tokens, secretPlugin) =>
            "{\"characters\":" + characters + ",\"actors\":" + actors + ",\"items\":[],\"currentEncounter\":{\"encounter\":{\"id\":\"e\"},\"map\":null,\"tokens\":" + tokens
            + "},\"pluginData\":{" + (secretPlugin ? "\"gmOnly\":{\"s\":\"canary\"}," : "") + "\"p\":{\"list\":[1,{\"gmOnly\":2}]}},\"stateVersion\":\"1\",\"lastUpdated\":0}");

    private static readonly string[] Arrays = ["characters", "actors", "currentEncounter.tokens"];

    private static readonly Gen<GenOp> Operation =
        Gen.Select(Gen.OneOf(Arrays), Gen.Int[0, 5], Gen.Int[0, 13], Small, Marker, Entity("n"), (array, i, choice, value, marker, entity) => choice switch
        {
            0 => new GenOp($"{array}.{i}.visibility", "set", marker.Length > 0 ? marker : "\"all\""),
            1 => new GenOp($"{array}.{i}.visibility", "unset", null),
            2 => new GenOp($"{array}.{i}.f", "set", value),
            3 => new GenOp($"{array}.{i}.gmOnly.s", "set", "\"canary\""),
            4 => new GenOp($"{array}.{i}", "unset", null),
            5 => new GenOp(array, "push", entity),
            6 => new GenOp(array, "pull", "{\"f\":" + value + "}"),
            7 => new GenOp($"{array}.{i}", "set", entity),
            8 => new GenOp($"{array}.{i}.visibility", "push", "\"p1\""),
            9 => new GenOp("pluginData.p.list", "push", value),
            10 => new GenOp("pluginData.p", "set", value),
            11 => new GenOp($"{array}.{i}.f.k", "inc", "1"),
            12 => new GenOp("pluginData.p.list", "pull", value),
            _ => new GenOp($"{array}.{i}.gmOnly", "unset", null),
        });

    private static readonly Gen<(string State, GenOp[][] Updates)> Case =
        Gen.Select(State, Operation.Array[1, 4].Array[1, 6], (s, u) => (s, u));

    [Fact]
    public void Rewritten_operations_applied_to_the_old_view_give_the_new_view_and_leak_nothing()
    {
        var accepted = 0;
        Case.Sample(c =>
        {
            var doc = GameStateDocument.Parse(c.State);
            foreach (var update in c.Updates)
            {
                if (ViewCheck.Apply(doc, update.Select(o => o.ToOperation()).ToArray()) is not null)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        }, iter: Iterations, print: c => c.State + "\n" + string.Join("\n", c.Updates.Select(u => string.Join(" | ", u))));
        Assert.True(accepted > Iterations, $"only {accepted} accepted updates");
    }
}
