using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Engine.Benchmarks;

/// <summary>
/// The cost of one operation against the size of the state. Each benchmark applies one update and undoes it
/// (the path taken when persisting fails), so the document is the same at every iteration instead of growing
/// with every push; <see cref="Set_only"/> shows Apply alone (a set of the same value keeps the size steady).
/// </summary>
[MemoryDiagnoser]
public class ApplyBenchmarks
{
    private GameStateDocument _document = null!;
    private StateOperation[] _set = null!;
    private StateOperation[] _push = null!;
    private StateOperation[] _pushEntity = null!;
    private long _now;

    /// <summary>Approximate serialised state size, in KiB (10 KB, 1 MB, 10 MB).</summary>
    [Params(10, 1024, 10240)]
    public int StateKiB { get; set; } = 10;

    [GlobalSetup]
    public void Setup()
    {
        _document = GameStateDocument.Parse(SampleStates.Build(StateKiB * 1024));
        var middle = SampleStates.CountCharacters(_document) / 2;
        Console.WriteLine($"// state: {_document.SizeBytes} bytes, {middle * 2} characters");
        _set = [new StateOperation($"characters.{middle}.hp", OperationKinds.Set, Json("42"))];
        _push = [new StateOperation($"characters.{middle}.inventory", OperationKinds.Push, Json("""{"name":"torch","weight":1}"""))];
        _pushEntity = [new StateOperation("characters", OperationKinds.Push, Json("""{"id":"newcomer","name":"New","hp":10}"""))];
        _now = 1764000000000;
    }

    [Benchmark]
    public long Set_then_undo()
    {
        var applied = _document.Apply(_set, ++_now).Update!;
        _document.Undo(applied);
        return applied.NewVersion;
    }

    [Benchmark]
    public long Push_then_undo()
    {
        var applied = _document.Apply(_push, ++_now).Update!;
        _document.Undo(applied);
        return applied.NewVersion;
    }

    [Benchmark]
    public long Push_entity_then_undo()
    {
        var applied = _document.Apply(_pushEntity, ++_now).Update!;
        _document.Undo(applied);
        return applied.NewVersion;
    }

    [Benchmark]
    public long Set_only() => _document.Apply(_set, ++_now).Update!.NewVersion;

    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}

/// <summary>Synthetic states: characters of about 1 KB each, a small encounter and some plugin data.</summary>
public static class SampleStates
{
    public static string Build(int targetBytes)
    {
        var builder = new StringBuilder(targetBytes + 2048);
        builder.Append("""{"characters":[""");
        var i = 0;
        while (builder.Length < targetBytes - 600)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AppendCharacter(builder, i++);
        }

        builder.Append("""],"actors":[{"id":"a1","kind":"goblin","hp":7}],"items":[{"id":"i1","name":"rope"}],""");
        builder.Append("""
            "currentEncounter":{"encounter":{"id":"e1","status":"active","round":3},"map":{"id":"m1","grid":5},"tokens":[{"id":"t1","x":1,"y":2},{"id":"t2","x":4,"y":4}]},
            """.Trim());
        builder.Append("""
            "pluginData":{"dice":{"last":[3,6,1]},"log":["start"]},"stateVersion":"1","lastUpdated":1764000000000}
            """.Trim());
        return builder.ToString();
    }

    private static void AppendCharacter(StringBuilder builder, int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        builder.Append("{\"id\":\"c").Append(n).Append("\",\"name\":\"Character ").Append(n)
            .Append("\",\"hp\":").Append(10 + (i % 20))
            .Append(",\"stats\":{\"str\":12,\"dex\":14,\"con\":13,\"int\":10,\"wis\":8,\"cha\":15,\"ac\":16,\"speed\":30.5}")
            .Append(",\"inventory\":[{\"name\":\"sword\",\"weight\":3},{\"name\":\"rope\",\"weight\":1.5},{\"name\":\"potion\",\"weight\":0.5,\"heal\":\"2d4+2\"}]")
            .Append(",\"conditions\":[],\"notes\":\"")
            .Append('x', 560)
            .Append("\",\"position\":{\"x\":").Append(i % 100).Append(",\"y\":").Append(i / 100).Append("}}");
    }

    public static int CountCharacters(GameStateDocument document) => document.GetValue("characters")!.AsArray().Count;
}
