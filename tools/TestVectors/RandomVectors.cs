namespace Orleans.GameState.TestVectors;

/// <summary>
/// Seeded random updates on the sample state, aimed at its structure (a mix of valid and invalid operations), so
/// the TypeScript engine is compared with the C# one on cases nobody wrote by hand. Same seed, same file.
/// </summary>
public static class RandomVectors
{
    private const int Seed = 13;
    private const int Count = 150;

    private static readonly string[] Paths =
    [
        "characters", "characters.0", "characters.1", "characters.2", "characters.0.hp", "characters.1.hp", "characters.0.name",
        "characters.0.stats", "characters.0.stats.str", "characters.0.inventory", "characters.0.inventory.0", "characters.0.inventory.5",
        "characters.0.id", "characters.1.id", "characters.0.pluginData.x", "actors", "actors.0", "actors.0.kind", "actors.1",
        "items", "items.0.tags", "items.0.tags.0", "currentEncounter", "currentEncounter.map", "currentEncounter.map.id",
        "currentEncounter.encounter.status", "currentEncounter.tokens", "currentEncounter.tokens.0", "currentEncounter.tokens.1.x",
        "currentEncounter.tokens.0.id", "pluginData", "pluginData.dice", "pluginData.dice.last", "pluginData.dice.last.1",
        "pluginData.log", "pluginData.n", "pluginData.a.b", "pluginData.list", "pluginData.list.0", "pluginData.x.0",
    ];

    private static readonly string[] Values =
    [
        "1", "-2", "0.5", "7", "null", "true", "\"s\"", "\"c1\"", "[]", "[1,2,1]", "{}", """{"id":"c1"}""", """{"id":"n1","hp":3}""",
        """{"id":"t1"}""", """{"id":"t9","x":0}""", """[{"id":"z"}]""", """{"x":1}""", """{"encounter":{"id":"e9"},"map":null,"tokens":[]}""",
        """[1,"s",{"k":[true]}]""", "2.25",
    ];

    private static readonly string[] Kinds = ["set", "set", "unset", "inc", "push", "pull"];

    public static IEnumerable<VectorCase> All()
    {
        var random = new SeededRandom(Seed);
        for (var n = 0; n < Count; n++)
        {
            var steps = new List<VectorStep>();
            var stepCount = 1 + random.Next(3);
            for (var s = 0; s < stepCount; s++)
            {
                var ops = new List<(string, string, string?)>();
                var opCount = 1 + random.Next(3);
                for (var o = 0; o < opCount; o++)
                {
                    var kind = Kinds[random.Next(Kinds.Length)];
                    var path = Paths[random.Next(Paths.Length)];
                    ops.Add((path, kind, kind == "unset" ? null : Values[random.Next(Values.Length)]));
                }

                steps.Add(new VectorStep(ops));
            }

            yield return new VectorCase($"random {n + 1}", OperationVectors.Sample, steps);
        }
    }

    /// <summary>A tiny fixed generator (xorshift), so the file never depends on the runtime's Random algorithm.</summary>
    private sealed class SeededRandom(int seed)
    {
        private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 1;

        public int Next(int bound)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return (int)(_state % (ulong)bound);
        }
    }
}
