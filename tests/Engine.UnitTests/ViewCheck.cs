using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Views;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>
/// Applies an update to the GM's document and checks docs/views.md for every viewer: the rewritten operations,
/// applied to the viewer's view of the old state, give the viewer's view of the new one, and carry no string that the
/// viewer sees at neither version.
/// </summary>
internal static class ViewCheck
{
    public static readonly string[] Viewers = ["p1", "p2", "p3"];

    /// <summary>Applies <paramref name="operations"/>; null when the engine refuses them. Otherwise each viewer's operations.</summary>
    public static Dictionary<string, IReadOnlyList<StateOperation>>? Apply(GameStateDocument document, IReadOnlyList<StateOperation> operations, long lastUpdated = 1764000000777)
    {
        var before = Viewers.ToDictionary(v => v, v => StateView.ToUtf8Bytes(document, v));
        var rewrite = ViewRewrite.Prepare(document, operations);
        var result = document.Apply(operations, lastUpdated);
        if (!result.Success)
        {
            return null;
        }

        var answer = new Dictionary<string, IReadOnlyList<StateOperation>>();
        foreach (var viewer in Viewers)
        {
            var after = StateView.ToUtf8Bytes(document, viewer);
            var ops = rewrite is null ? result.Update!.Operations : rewrite.For(result.Update!, document, viewer);
            answer[viewer] = ops;
            if (rewrite is null)
            {
                Assert.False(document.HasHiddenContent);
            }

            var copy = GameStateDocument.Parse(before[viewer]);
            if (ops.Count > 0)
            {
                var applied = copy.Apply(ops, lastUpdated);
                Assert.True(applied.Success, $"{viewer}: the rewritten operations do not apply: {applied.Error?.Message}\n{Describe(ops)}\nview before: {TestState.Utf8(before[viewer])}");
            }

            Assert.True(
                Canonical(copy.ToJsonString()) == Canonical(TestState.Utf8(after)),
                $"{viewer}: view mismatch\nops: {Describe(ops)}\nbefore: {TestState.Utf8(before[viewer])}\nexpected: {TestState.Utf8(after)}\nactual: {copy.ToJsonString()}");

            var seen = Strings(JsonNode.Parse(before[viewer])).Concat(Strings(JsonNode.Parse(after))).ToHashSet(StringComparer.Ordinal);
            foreach (var op in ops)
            {
                foreach (var text in Strings(op.Value).Concat(Strings(op.Previous)))
                {
                    Assert.True(seen.Contains(text), $"{viewer}: '{text}' is in neither view yet reached the viewer: {Describe(ops)}");
                }
            }
        }

        return answer;
    }

    public static string Describe(IEnumerable<StateOperation> ops) =>
        string.Join(" | ", ops.Select(o => $"{o.Operation} {o.Path} {o.Value.Text()} prev {o.Previous.Text()}"));

    public static string Canonical(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        root.Remove("stateVersion");
        root.Remove("lastUpdated");
        return Sort(root)!.ToJsonString();

        static JsonNode? Sort(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
            JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
            _ => node?.DeepClone(),
        };
    }

    /// <summary>Every string (values and keys) in a value.</summary>
    private static IEnumerable<string> Strings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    yield return key;
                    foreach (var s in Strings(child))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonArray a:
                foreach (var s in a.SelectMany(Strings))
                {
                    yield return s;
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                yield return v.GetValue<string>();
                break;
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? [] : Strings(JsonNode.Parse(element.GetRawText()));
}
