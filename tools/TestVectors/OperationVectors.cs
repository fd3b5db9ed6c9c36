using Orleans.GameState.Contract;

namespace Orleans.GameState.TestVectors;

/// <summary>
/// The catalogue: every operation kind and the edge cases of tests/Engine.UnitTests (set, unset, inc, push, pull,
/// paths, shape, limits, nesting, text), written as updates on the engine tests' sample state.
/// </summary>
public static class OperationVectors
{
    /// <summary>The engine tests' sample state (tests/Engine.UnitTests/TestState.cs).</summary>
    public const string Sample =
        """{"characters":[{"id":"c1","name":"Aria","hp":10,"stats":{"str":12,"dex":14},"inventory":["sword","rope"]},{"id":"c2","name":"Bram","hp":7.5}],"actors":[{"id":"a1","kind":"goblin"}],"items":[{"id":"i1","tags":["x"]}],"currentEncounter":{"encounter":{"id":"e1","status":"pending"},"map":{"id":"m1"},"tokens":[{"id":"t1","x":1},{"id":"t2","x":2}]},"pluginData":{"dice":{"last":[1,2,3]},"log":[]},"stateVersion":"5","lastUpdated":1764000000000}""";

    private static readonly List<VectorCase> Cases = [];

    public static IReadOnlyList<VectorCase> All()
    {
        if (Cases.Count > 0)
        {
            return Cases;
        }

        AddSet();
        AddUnset();
        AddInc();
        AddPush();
        AddPull();
        AddUpdates();
        AddShape();
        AddLimits();
        AddNesting();
        return Cases;
    }

    private static (string, string, string?) S(string path, string value) => (path, OperationKinds.Set, value);

    private static (string, string, string?) U(string path) => (path, OperationKinds.Unset, null);

    private static (string, string, string?) I(string path, string value) => (path, OperationKinds.Inc, value);

    private static (string, string, string?) P(string path, string value) => (path, OperationKinds.Push, value);

    private static (string, string, string?) L(string path, string value) => (path, OperationKinds.Pull, value);

    private static (string, string, string?) Op(string path, string operation, string? value = null) => (path, operation, value);

    private static VectorStep Step(params (string, string, string?)[] operations) => new(operations);

    private static void Add(string name, params (string, string, string?)[] operations) => Cases.Add(new VectorCase(name, Sample, [Step(operations)]));

    private static void AddSteps(string name, params VectorStep[] steps) => Cases.Add(new VectorCase(name, Sample, steps));

    private static void AddSet()
    {
        Add("set: a new key is added, previous absent", S("characters.0.level", "3"));
        Add("set: an existing key is replaced, previous is the old value", S("characters.0.stats", """{"str":1}"""));
        Add("set: null is a value", S("characters.0.name", "null"), S("pluginData.fresh", "null"));
        AddSteps("set: previous of null is null, not absent", Step(S("currentEncounter.map", "null")), Step(S("currentEncounter.map", """{"id":"m2"}""")));
        Add("set: missing object keys are created on the way", S("pluginData.a.b.c", "1"));
        Add("set: an array index replaces the element", S("characters.0.inventory.1", "\"axe\""));
        foreach (var path in new[] { "characters.0.inventory.2", "characters.0.inventory.99", "characters.0.inventory.99999999999999999999", "characters.5.name" })
        {
            Add($"set: out of range index {path}", S(path, "1"));
        }

        Add("set: digit keys of an object are keys", S("pluginData.0", "1"), S("pluginData.01", "2"));
        foreach (var path in new[] { "characters.01.name", "characters.x", "characters.-1", "characters.0.inventory.+1", "characters.0.inventory. 1" })
        {
            Add($"set: non-index segment on an array {path}", S(path, "1"));
            Add($"unset: non-index segment on an array {path}", U(path));
        }

        foreach (var path in new[] { "characters.0.name.first", "characters.0.hp.x", "pluginData.dice.last.0.x" })
        {
            Add($"set: segment on a scalar {path}", S(path, "1"));
            Add($"unset: segment on a scalar {path}", U(path));
            Add($"inc: segment on a scalar {path}", I(path, "1"));
            Add($"push: segment on a scalar {path}", P(path, "1"));
            Add($"pull: segment on a scalar {path}", L(path, "1"));
        }

        AddSteps("every operation: a segment on null",
            Step(S("currentEncounter.map", "null")),
            Step(S("currentEncounter.map.id", "\"m\"")),
            Step(U("currentEncounter.map.id")),
            Step(I("currentEncounter.map.n", "1")),
            Step(P("currentEncounter.map.l", "1")),
            Step(L("currentEncounter.map.l", "1")),
            Step(S("currentEncounter", "null")),
            Step(S("currentEncounter.tokens.0.x", "1")));
        Add("set: without a value", Op("pluginData.x", OperationKinds.Set));
        Add("set: a value is copied with its numbers", S("pluginData.copied", """{"deep":{"list":[1,2.50,"s"]}}"""));
        Add("set: key named __proto__ is an ordinary key", S("pluginData.__proto__", """{"polluted":true}"""), S("pluginData.x.__proto__.y", "1"));
        Add("set: unicode text", S("pluginData.s", "\"héllo 日本 😀 \\n\\t \\\"q\\\"\""));
    }

    private static void AddUnset()
    {
        Add("unset: removes a key, previous is the old value", U("characters.0.stats"));
        Add("unset: removes an array element, later ones shift down", U("pluginData.dice.last.0"));
        foreach (var path in new[] { "characters.0.nothing", "characters.0.nothing.deeper", "characters.7", "characters.7.name", "pluginData.dice.last.3", "pluginData.missing.x.y" })
        {
            Add($"unset: of something missing is a no-op {path}", U(path));
        }

        foreach (var root in new[] { "characters", "actors", "items", "pluginData", "currentEncounter" })
        {
            Add($"unset: a root {root}", U(root));
        }

        Add("unset: a value sent with it is ignored", Op("pluginData.log", OperationKinds.Unset, "42"));
        Add("unset: an entity element", U("characters.0"));
    }

    private static void AddInc()
    {
        Add("inc: integer plus integer stays an integer", I("characters.0.hp", "-3"));
        Add("inc: non-integer 0.5", I("characters.0.hp", "0.5"));
        Add("inc: double target", I("characters.1.hp", "1"));
        Add("inc: double to a whole number", I("characters.1.hp", "0.5"));
        Add("inc: exponent value", I("characters.0.hp", "1e1"));
        Add("inc: 1.0 value", I("characters.0.hp", "1.0"));
        Add("inc: of a missing target sets the value", I("pluginData.counters.turn", "1.50"));
        foreach (var path in new[] { "characters.0.name", "characters.0.stats", "characters.0.inventory" })
        {
            Add($"inc: of a non-number {path}", I(path, "1"));
        }

        AddSteps("inc: of null", Step(S("pluginData.n", "null")), Step(I("pluginData.n", "1")));
        AddSteps("inc: overflow of a 64-bit integer",
            Step(S("pluginData.n", "9223372036854775807")), Step(I("pluginData.n", "1")), Step(I("pluginData.n", "-1")));
        foreach (var (target, by) in new[] { ("12345678901234567890", "1"), ("5", "9223372036854775808"), ("5", "-9223372036854775809") })
        {
            AddSteps($"inc: integer beyond 64 bits {target} + {by}", Step(S("pluginData.n", target)), Step(I("pluginData.n", by)));
        }

        AddSteps("inc: large double is double arithmetic", Step(S("pluginData.n", "1.2345678901234567e19")), Step(I("pluginData.n", "1")));
        AddSteps("inc: to infinity", Step(S("pluginData.n", "1.5e308")), Step(I("pluginData.n", "1.5e308")));
        foreach (var value in new[] { "\"1\"", "null", "true", "[1]", "{}", "1e400" })
        {
            Add($"inc: value {value} is not a finite number", I("characters.0.hp", value));
        }

        Add("inc: without a value", Op("characters.0.hp", OperationKinds.Inc));
        Add("inc: out of range", I("pluginData.dice.last.3", "1"));
        Add("inc: on an array element", I("pluginData.dice.last.2", "10"));
        Add("inc: safe integers stay exact", S("pluginData.n", "9007199254740990"), I("pluginData.n", "1"));
        Add("inc: fractions", S("pluginData.f", "0.1"), I("pluginData.f", "0.2"));
    }

    private static void AddPush()
    {
        Add("push: appends, no previous", P("characters.0.inventory", """{"name":"torch"}"""), P("pluginData.log", "\"hit\""));
        Add("push: to a missing target creates the array and the objects on the way", P("pluginData.history.rolls", "6"));
        foreach (var path in new[] { "characters.0.name", "characters.0.stats", "characters.0.hp" })
        {
            Add($"push: to a non-array {path}", P(path, "1"));
        }

        Add("push: out of range", P("characters.4.inventory", "1"));
        Add("push: without a value", Op("pluginData.log", OperationKinds.Push));
        Add("push: null appends null", P("pluginData.log", "null"));
        Add("push: an entity", P("characters", """{"id":"c3","name":"Cid"}"""));
        Add("push: a token", P("currentEncounter.tokens", """{"id":"t3","x":3}"""));
    }

    private static void AddPull()
    {
        AddSteps("pull: removes every deep-equal element with original indices",
            Step(S("pluginData.list", """[1,2,1.0,3,1e0,"1"]""")), Step(L("pluginData.list", "1")));
        AddSteps("pull: an object matches objects holding every key deep-equal",
            Step(S("pluginData.list", """[{"a":{"x":1,"y":2},"b":3},{"a":{"y":2,"x":1.0}},{"a":{"x":1,"y":2,"z":3}},{"b":3},5]""")),
            Step(L("pluginData.list", """{"a":{"x":1,"y":2}}""")));
        AddSteps("pull: an empty object matches every object", Step(S("pluginData.list", """[{},{"a":1},[],1]""")), Step(L("pluginData.list", "{}")));
        AddSteps("pull: arrays compare in order", Step(S("pluginData.list", """[[1,2],[2,1],[1,2,3],[1.0,2]]""")), Step(L("pluginData.list", "[1,2]")));
        AddSteps("pull: null, strings and booleans",
            Step(S("pluginData.list", """[null,"a",true,false,"a",null]""")),
            Step(L("pluginData.list", "null"), L("pluginData.list", "\"a\""), L("pluginData.list", "false")));
        foreach (var path in new[] { "pluginData.missing", "pluginData.missing.deeper", "characters.9.inventory", "pluginData.dice.last.7" })
        {
            Add($"pull: of a missing target is a no-op {path}", L(path, "1"));
        }

        Add("pull: matching nothing", L("pluginData.dice.last", "9"));
        Add("pull: on a non-array", L("characters.0.stats", "1"));
        Add("pull: without a value", Op("pluginData.log", OperationKinds.Pull));
        Add("pull: an entity by a partial object", L("characters", """{"name":"Bram"}"""));
        Add("pull: tokens by id", L("currentEncounter.tokens", """{"id":"t1"}"""));
    }

    private static void AddUpdates()
    {
        Add("update: operations apply in order", S("pluginData.n", "1"), I("pluginData.n", "1"), I("pluginData.n", "1"));
        Add("update: a failing operation undoes the ones before it",
            S("pluginData.n", "1"), U("characters.0.stats"), P("characters", """{"id":"c3"}"""), L("pluginData.dice.last", "2"), I("characters.0.name", "1"));
        Add("update: undo restores key order", U("characters.0.name"), S("characters.0.zz", "1"), S("characters.0.name", "2"), I("characters.0.stats", "1"));
        foreach (var operation in new[] { "remove", "SET", "" })
        {
            Add($"update: unknown operation '{operation}'", Op("pluginData.x", operation, "1"));
        }

        Add("update: no operations");
        foreach (var path in new[] { "stateVersion", "lastUpdated", "other.x", "Characters.0.hp" })
        {
            Add($"update: only the five roots can be written {path}", S(path, "\"9\""));
        }

        foreach (var path in new[] { "", ".", "pluginData.", ".pluginData", "pluginData..x" })
        {
            Add($"update: empty path or segment '{path}'", S(path, "1"));
        }

        Add("update: errors name the path, the rule and the operation", S("pluginData.x", "1"), I("characters.0.stats", "1"));
        Add("update: lone surrogate in a value", S("pluginData.s", "\"\\uDC00\""));
        Add("update: duplicate keys in a value", S("pluginData.x", """{"a":1,"a":2}"""));
    }

    private static void AddShape()
    {
        foreach (var root in new[] { "characters", "actors", "items" })
        {
            Add($"shape: {root} must be an array", S(root, "{}"));
        }

        Add("shape: replacing an entity array with a valid one", S("characters", """[{"id":"x"},{"id":"y","hp":1}]"""));
        foreach (var value in new[]
        {
            """[{"id":"x"},5]""", """[{"id":"x"},null]""", """[{"id":"x"},{"name":"n"}]""", """[{"id":""}]""", """[{"id":7}]""",
            """[{"id":"x"},{"id":"y"},{"id":"x"}]""",
        })
        {
            Add($"shape: entity elements {value}", S("characters", value));
        }

        Add("shape: pushing a duplicate id", P("actors", """{"id":"a1"}"""));
        Add("shape: changing an id to another entity's id", S("characters.1.id", "\"c1\""));
        Add("shape: unsetting an id", U("items.0.id"));
        Add("shape: emptying an id", S("items.0.id", "\"\""));
        Add("shape: a token id set to null", S("currentEncounter.tokens.1.id", "null"));
        Add("shape: ids may be swapped within one update", S("characters.0.id", "\"c2\""), S("characters.1.id", "\"c1\""));
        Add("shape: an element may be invalid in the middle of an update", U("characters.0.id"), S("characters.0", "5"), S("characters.0", """{"id":"c9"}"""));
        Add("shape: arrays elsewhere are free-form", S("pluginData.things", """[1,{"id":1},{"id":1},null]"""), S("characters.0.inventory", """[{"id":"a"},{"id":"a"}]"""));
        AddSteps("shape: an entity element replaced by set", Step(S("characters.1", """{"id":"c7","name":"New"}""")), Step(S("characters.0", "[]")));
        AddSteps("shape: the encounter ended and started",
            Step(S("currentEncounter", "null")),
            Step(S("currentEncounter", """{"encounter":{"id":"e2","status":"active"},"map":null,"tokens":[{"id":"t9"}],"round":1}""")));
        foreach (var value in new[]
        {
            "5", "[]", "{}", """{"encounter":null,"map":null,"tokens":[]}""", """{"encounter":{},"map":null,"tokens":[]}""",
            """{"encounter":{"id":3},"map":null,"tokens":[]}""", """{"encounter":{"id":"e"},"tokens":[]}""",
            """{"encounter":{"id":"e"},"map":"m","tokens":[]}""", """{"encounter":{"id":"e"},"map":{"name":"m"},"tokens":[]}""",
            """{"encounter":{"id":"e"},"map":null}""", """{"encounter":{"id":"e"},"map":null,"tokens":{}}""",
            """{"encounter":{"id":"e"},"map":null,"tokens":[{"id":"t"},{"id":"t"}]}""", """{"encounter":{"id":"e"},"map":null,"tokens":[1]}""",
        })
        {
            Add($"shape: currentEncounter {value}", S("currentEncounter", value));
        }

        Add("shape: unset currentEncounter.tokens", U("currentEncounter.tokens"));
        Add("shape: unset currentEncounter.map", U("currentEncounter.map"));
        Add("shape: unset currentEncounter.encounter.id", U("currentEncounter.encounter.id"));
        Add("shape: push a duplicate token", P("currentEncounter.tokens", """{"id":"t1"}"""));
        AddSteps("shape: currentEncounter with extra keys, rebuilt piece by piece",
            Step(S("currentEncounter.round", "2"), S("currentEncounter.encounter.status", "\"active\"")),
            Step(S("currentEncounter", "{}"), S("currentEncounter.encounter.id", "\"e5\""), S("currentEncounter.map", "null"),
                P("currentEncounter.tokens", """{"id":"t1"}"""), P("currentEncounter.tokens", """{"id":"t2"}""")));
        Add("shape: pluginData must be an object (array)", S("pluginData", "[]"));
        Add("shape: pluginData must be an object (null)", S("pluginData", "null"));
        Add("shape: errors report after all operations ran", S("pluginData", "1"), S("pluginData", "{}"));
        Add("shape: first broken root in order", S("pluginData", "1"), S("items", "5"));
        Add("visibility: gm, a list of users and all are markers", S("characters.0.visibility", "\"gm\""), S("actors.0.visibility", """["u1","u2"]"""), S("items.0.visibility", "\"all\""), S("currentEncounter.tokens.0.visibility", "[]"));
        Add("visibility: another string", S("characters.0.visibility", "\"nobody\""));
        Add("visibility: a list holding a non-string", S("actors.0.visibility", "[1]"));
        Add("visibility: null", S("currentEncounter.tokens.1.visibility", "null"));
        Add("visibility: a pushed entity with a number", P("items", """{"id":"i2","visibility":5}"""));
        Add("visibility: only entity arrays have markers", S("pluginData.visibility", "5"), S("characters.0.stats.visibility", "5"));
        AddSteps("visibility: a marker set then removed", Step(S("characters.1.visibility", "\"gm\"")), Step(U("characters.1.visibility")));
        Add("visibility: reported after ids", S("characters", """[{"id":"x","visibility":3},{"id":"x"}]"""));
    }

    private static void AddLimits()
    {
        Cases.Add(new VectorCase("limits: too many operations", Sample,
            [Step(S("pluginData.a", "1"), S("pluginData.b", "1")), Step(S("pluginData.a", "1"), S("pluginData.b", "1"), S("pluginData.c", "1"))],
            new StateLimits(MaxOperationsPerUpdate: 2)));
        Cases.Add(new VectorCase("limits: path too deep", Sample,
            [Step(S("pluginData.a.b.c", "1")), Step(S("pluginData.a.b.c.d", "1")), Step(U("pluginData.a.b.c.d"))],
            new StateLimits(MaxPathDepth: 4)));
        var deep = string.Join('.', Enumerable.Repeat("x", 31));
        Add("limits: default path depth 32 accepted", S("pluginData." + deep, "1"));
        Add("limits: default path depth 32 exceeded", S("pluginData." + deep + ".x", "1"));
        var size = Orleans.GameState.Engine.GameStateDocument.Parse(Sample).SizeBytes;
        Cases.Add(new VectorCase("limits: state too big", Sample,
            [Step(S("pluginData.small", "\"" + new string('x', 50) + "\"")), Step(S("pluginData.big", "\"" + new string('x', 100) + "\""))],
            new StateLimits(MaxStateBytes: size + 100)));
        Cases.Add(new VectorCase("limits: a state over the limit may shrink but not grow", Sample,
            [Step(P("pluginData.log", "1")), Step(U("characters.0.inventory"))],
            new StateLimits(MaxStateBytes: 100)));
    }

    private static void AddNesting()
    {
        foreach (var (path, depth) in new[] { ("pluginData.deep", 60), ("pluginData.deep", 61), ("pluginData.a.b.c.deep", 57), ("pluginData.a.b.c.deep", 58) })
        {
            var value = new string('[', depth) + new string(']', depth);
            Add($"nesting: set {path} to {depth} levels", S(path, value));
            Add($"nesting: push {path} {depth - 1} levels", P(path, value[1..^1]));
        }
    }
}
