using System.Globalization;
using System.Text.Json;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// The GM's updates: the first operation increments <c>pluginData.load.counter</c>; the others set one of 32 fields of
/// <c>pluginData.load</c> to a short random word (what a token move or an HP change costs on the wire). With
/// <c>payloadBytes</c>, one more sets <c>pluginData.load.blob</c> to a string of that size (the stall workload's large
/// updates). Deterministic per seed.
/// </summary>
public sealed class UpdateGenerator(int operationsPerUpdate, int payloadBytes = 0)
{
    public const int Fields = 32;
    private static readonly JsonElement One = JsonSerializer.SerializeToElement(1);

    public StateOperation[] Next(Random random)
    {
        var operations = new StateOperation[operationsPerUpdate + (payloadBytes > 0 ? 1 : 0)];
        operations[0] = new StateOperation("pluginData.load.counter", OperationKinds.Inc, One);
        for (var i = 1; i < operationsPerUpdate; i++)
        {
            operations[i] = new StateOperation(
                "pluginData.load.f" + random.Next(Fields).ToString(CultureInfo.InvariantCulture), OperationKinds.Set, JsonSerializer.SerializeToElement(Word(random)));
        }

        if (payloadBytes > 0)
        {
            // A different letter each time, so no two consecutive payloads are equal.
            operations[^1] = new StateOperation("pluginData.load.blob", OperationKinds.Set, JsonSerializer.SerializeToElement(new string((char)('a' + random.Next(26)), payloadBytes)));
        }

        return operations;
    }

    /// <summary>The same operations as the server would broadcast them, with a <c>previous</c> of the same size, for the bare hub.</summary>
    public StateOperation[] NextAsBroadcast(Random random, long counter)
    {
        var operations = Next(random);
        operations[0] = operations[0] with { Previous = JsonSerializer.SerializeToElement(counter) };
        for (var i = 1; i < operations.Length; i++)
        {
            operations[i] = operations[i] with { Previous = JsonSerializer.SerializeToElement(Word(random)) };
        }

        return operations;
    }

    /// <summary>Operations that grow a state of <paramref name="currentBytes"/> to about <paramref name="targetBytes"/>, at most <paramref name="chunk"/> bytes per update.</summary>
    public static IEnumerable<StateOperation[]> Padding(int currentBytes, int targetBytes, int chunk = 256 * 1024)
    {
        var missing = targetBytes - currentBytes;
        for (var part = 0; missing > 32; part++)
        {
            var size = Math.Min(chunk, missing - 32);
            yield return [new StateOperation($"pluginData.pad.p{part}", OperationKinds.Set, JsonSerializer.SerializeToElement(new string('x', Math.Max(size, 1))))];
            missing -= size + 32;
        }
    }

    private static string Word(Random random)
    {
        Span<char> letters = stackalloc char[8 + random.Next(9)];
        for (var i = 0; i < letters.Length; i++)
        {
            letters[i] = (char)('a' + random.Next(26));
        }

        return new string(letters);
    }
}
