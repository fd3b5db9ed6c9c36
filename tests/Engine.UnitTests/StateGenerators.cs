using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>An operation as generated: the value as JSON text (null: no value), so samples print readably.</summary>
public sealed record GenOp(string Path, string Operation, string? Value)
{
    public StateOperation ToOperation() =>
        Value is null ? new StateOperation(Path, Operation) : new StateOperation(Path, Operation, TestState.Json(Value));

    public override string ToString() => Value is null ? $"{Operation} {Path}" : $"{Operation} {Path} {Value}";
}

/// <summary>A valid state and updates aimed at its structure (some valid, some not).</summary>
public sealed record GenCase(string Json, GenOp[][] Updates)
{
    public override string ToString() =>
        Json + "\n" + string.Join("\n", Updates.Select((u, i) => $"update {i}: " + string.Join(" | ", u)));
}

/// <summary>CsCheck generators for states and operations.</summary>
internal static class StateGenerators
{
    private static readonly string[] Keys = ["a", "b", "hp", "name", "0", "1", "tags", "x", "é"];

    private static readonly string[] NumberTexts =
        ["0", "1", "-1", "2", "7", "1.0", "2.5", "-0", "1e2", "1.5E-3", "0.1", "9223372036854775807", "-9223372036854775808", "12345678901234567890123"];

    private static readonly string[] Strings = ["", "x", "héllo", "日本", "q\"q", "line\nbreak", "😀", "<&>", "a\\b", "c1", "t1"];

    private static readonly string[] Operations = ["set", "unset", "inc", "push", "pull"];

    private static string Quote(string s) => JsonSerializer.Serialize(s, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (1, Gen.Const("null")),
        (1, Gen.OneOf("true", "false")),
        (4, Gen.OneOf(NumberTexts)),
        (3, Gen.OneOf(Strings).Select(Quote)));

    /// <summary>Any JSON value, nested up to <paramref name="depth"/>.</summary>
    public static Gen<string> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (5, Scalar),
            (1, Value(depth - 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Object(depth - 1, Keys)));

    private static Gen<string> Object(int depth, string[] keys) =>
        Gen.OneOf(keys).ArrayUnique[0, 3].SelectMany(names =>
            Value(depth).Array[names.Length].Select(values =>
                "{" + string.Join(",", names.Select((k, i) => Quote(k) + ":" + values[i])) + "}"));

    /// <summary>An entity's fields other than id, as "key":value pairs.</summary>
    private static readonly Gen<string[]> EntityFields =
        Gen.OneOf(Keys).ArrayUnique[0, 3].SelectMany(names =>
            Value(1).Array[names.Length].Select(values => names.Select((k, i) => Quote(k) + ":" + values[i]).ToArray()));

    private static Gen<string> Entities(string prefix, int max) =>
        Gen.Int[0, max + 1].ArrayUnique[0, max].SelectMany(ids =>
            Gen.Select(EntityFields.Array[ids.Length], Gen.Bool).Select((fields, idLast) =>
                "[" + string.Join(",", ids.Select((id, i) =>
                {
                    var idPart = "\"id\":" + Quote(prefix + id);
                    var all = idLast ? fields[i].Append(idPart) : fields[i].Prepend(idPart);
                    return "{" + string.Join(",", all) + "}";
                })) + "]"));

    private static readonly Gen<string> Encounter = Gen.Frequency(
        (1, Gen.Const("null")),
        (3, Gen.Select(
            Gen.OneOf("e1", "e2"),
            Gen.OneOf("null", "{\"id\":\"m1\"}", "{\"id\":\"m2\",\"grid\":5}"),
            Entities("t", 4),
            Gen.OneOf("", ",\"round\":1", ",\"status\":\"active\""))
            .Select((e, map, tokens, extra) => $"{{\"encounter\":{{\"id\":\"{e}\"}},\"map\":{map},\"tokens\":{tokens}{extra}}}")));

    /// <summary>A valid state; root keys sometimes in an unusual order.</summary>
    public static readonly Gen<string> State = Gen.Select(
            Entities("c", 5),
            Entities("a", 3),
            Entities("i", 3),
            Encounter,
            Object(2, Keys),
            Gen.Int[1, 1000],
            Gen.Bool)
        .Select((characters, actors, items, encounter, plugin, version, reorder) =>
        {
            var parts = new List<string>
            {
                "\"characters\":" + characters,
                "\"actors\":" + actors,
                "\"items\":" + items,
                "\"currentEncounter\":" + encounter,
                "\"pluginData\":" + plugin,
                $"\"stateVersion\":\"{version}\"",
                "\"lastUpdated\":1764000000000",
            };
            if (reorder)
            {
                parts.Reverse();
            }

            return "{" + string.Join(",", parts) + "}";
        });

    /// <summary>A place in the state an operation can aim at: its path, what is there, and (arrays) an element.</summary>
    public sealed record Target(string Path, JsonValueKind Kind, string? Element);

    /// <summary>Every path into the state (roots included), for operations to aim at.</summary>
    public static Target[] Targets(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var targets = new List<Target>();
        foreach (var (key, value) in root)
        {
            if (key is "stateVersion" or "lastUpdated")
            {
                continue;
            }

            Walk(key, value, targets);
        }

        return [.. targets];

        static void Walk(string path, JsonNode? node, List<Target> targets)
        {
            var kind = node?.GetValueKind() ?? JsonValueKind.Null;
            var element = node is JsonArray { Count: > 0 } a ? a[a.Count / 2]?.ToJsonString() ?? "null" : null;
            targets.Add(new Target(path, kind, element));
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        Walk(path + "." + key, value, targets);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(path + "." + i, array[i], targets);
                    }

                    break;
            }
        }
    }

    private static readonly Gen<string> IdValue = Gen.Frequency(
        (8, Gen.OneOf("c0", "c1", "c2", "c3", "c9", "a1", "a7", "i2", "i8", "t1", "t2", "t8", "e1", "e2", "m1", "new").Select(Quote)),
        (1, Gen.OneOf("\"\"", "null", "5", "{}")));

    private static readonly Gen<string> EntityValue =
        Gen.Select(IdValue, Value(1)).Select((id, v) => $"{{\"id\":{id},\"v\":{v}}}");

    private static readonly string[] EntityArrays = ["characters", "actors", "items", "currentEncounter.tokens"];

    private static bool IsEntityElement(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot > 0 && EntityArrays.Contains(path[..dot]) && path[(dot + 1)..].All(char.IsAsciiDigit);
    }

    /// <summary>
    /// One operation aimed at the state's structure: mostly one that suits what is there (inc on numbers, push and
    /// pull on arrays...), sometimes not, and now and then a malformed one.
    /// </summary>
    public static Gen<GenOp> Operation(Target[] targets, bool allowStructural = true) =>
        Gen.Select(Gen.OneOf(targets), Gen.Int[0, 99], Gen.OneOf(Keys), Value(2), IdValue, EntityValue, Gen.OneOf(NumberTexts))
            .Select((target, dice, key, value, id, entity, number) =>
            {
                if (allowStructural && dice < 3)
                {
                    return dice switch
                    {
                        0 => new GenOp(target.Path, "bogus", value),
                        1 => new GenOp(target.Path, "set", null),
                        _ => new GenOp(key == "a" ? "stateVersion" : target.Path + ".." + key, "set", value),
                    };
                }

                var path = target.Path;
                var kind = target.Kind;
                if (kind == JsonValueKind.Object && dice % 3 == 0)
                {
                    path += "." + key;
                    kind = JsonValueKind.Undefined;
                }
                else if (kind == JsonValueKind.Array && dice % 7 == 0)
                {
                    path += dice % 2 == 0 ? ".9" : ".01";
                    kind = JsonValueKind.Undefined;
                }

                var roll = dice % 20;
                var op = kind switch
                {
                    JsonValueKind.Number => roll < 12 ? "inc" : roll < 17 ? "set" : "unset",
                    JsonValueKind.Array => roll < 8 ? "push" : roll < 13 ? "pull" : roll < 17 ? "set" : "unset",
                    JsonValueKind.Object => roll < 13 ? "set" : "unset",
                    JsonValueKind.Undefined => roll < 10 ? "set" : roll < 13 ? "inc" : roll < 16 ? "push" : roll < 18 ? "pull" : "unset",
                    _ => roll < 14 ? "set" : "unset",
                };
                if (dice >= 95)
                {
                    op = Operations[dice % Operations.Length]; // whatever is there
                }

                if (!allowStructural && op is "push" or "pull")
                {
                    op = "set";
                }

                if (op == "unset" && !path.Contains('.'))
                {
                    op = "set";
                }

                if (op == "unset")
                {
                    return new GenOp(path, op, null);
                }

                if (op == "inc")
                {
                    return new GenOp(path, op, dice < 90 ? number : value);
                }

                if (op is "push" or "pull" && EntityArrays.Contains(path))
                {
                    return new GenOp(path, op, op == "pull" && target.Element is { } existing && dice < 60 ? existing : entity);
                }

                if (op == "pull")
                {
                    return new GenOp(path, op, target.Element is { } existing && dice < 60 ? existing : value);
                }

                if (path.EndsWith(".id", StringComparison.Ordinal) && dice < 85)
                {
                    return new GenOp(path, op, id);
                }

                if (op == "set" && (IsEntityElement(path) || (EntityArrays.Contains(path) && dice < 70)))
                {
                    return new GenOp(path, op, EntityArrays.Contains(path) ? $"[{entity}]" : entity);
                }

                if (path == "currentEncounter" && op == "set" && dice < 70)
                {
                    return new GenOp(path, op, dice < 30 ? "null" : "{\"encounter\":{\"id\":\"e9\"},\"map\":null,\"tokens\":[{\"id\":\"t1\"}]}");
                }

                if (path == "pluginData" && op == "set" && dice < 80)
                {
                    return new GenOp(path, op, "{\"k\":" + value + "}");
                }

                return new GenOp(path, op, value);
            });

    /// <summary>A state and a few updates of one to six operations each.</summary>
    public static Gen<GenCase> Case(int maxUpdates, bool allowStructural = true) =>
        State.SelectMany(json =>
        {
            var targets = Targets(json);
            return Operation(targets, allowStructural).Array[1, 4].Array[1, maxUpdates].Select(updates => new GenCase(json, updates));
        });

    public static StateOperation[] ToOperations(this GenOp[] ops) => [.. ops.Select(o => o.ToOperation())];

    public static string Describe(this ApplyResult result) =>
        result.Success ? "ok" : "error: " + result.Error!.Message;

    public static string Utf8(this byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
