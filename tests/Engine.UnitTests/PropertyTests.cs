using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>
/// Random valid states and random updates aimed at their structure (a mix of valid and invalid operations).
/// A failure prints the state, the updates and the seed to reproduce it.
/// </summary>
public sealed class PropertyTests
{
    /// <summary>400 by default (the whole suite runs in seconds); ENGINE_PROPERTY_ITERATIONS for a longer soak.</summary>
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("ENGINE_PROPERTY_ITERATIONS"), out var n) && n > 0 ? n : 400;
    private const long LastUpdated = 1764000000500;

    private static void Check(Gen<GenCase> gen, Action<GenCase> assert) =>
        gen.Sample(assert, iter: Iterations, print: c => c.ToString());

    [Fact]
    public void A_failed_update_leaves_the_document_byte_identical()
    {
        var failures = 0;
        var successes = 0;
        Check(StateGenerators.Case(4), c =>
        {
            var doc = GameStateDocument.Parse(c.Json);
            foreach (var update in c.Updates)
            {
                var before = doc.ToUtf8Bytes();
                var (version, lastUpdated, size) = (doc.Version, doc.LastUpdated, doc.SizeBytes);
                var result = doc.Apply(update.ToOperations(), LastUpdated + version);
                if (result.Success)
                {
                    Interlocked.Increment(ref successes);
                    Assert.Equal(version + 1, doc.Version);
                    continue;
                }

                Interlocked.Increment(ref failures);
                Assert.Equal(ErrorCodes.ValidationError, result.Error!.Code);
                Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
                Assert.Equal(before, doc.ToUtf8Bytes());
                Assert.Equal(version, doc.Version);
                Assert.Equal(lastUpdated, doc.LastUpdated);
                Assert.Equal(size, doc.SizeBytes);
                Assert.Null(doc.DescribeIndexMismatch());
            }
        });

        // The generator must exercise both paths.
        Assert.True(failures > 50, $"only {failures} failed updates");
        Assert.True(successes > 50, $"only {successes} accepted updates");
    }

    [Fact]
    public void Applying_the_inverse_built_from_previous_restores_the_state()
    {
        var checkedCases = 0;
        Check(StateGenerators.Case(3, allowStructural: false), c =>
        {
            var doc = GameStateDocument.Parse(c.Json);
            foreach (var update in c.Updates)
            {
                if (!InvertibleByOperations(doc, update))
                {
                    continue;
                }

                var before = Canonical(doc.ToJsonString());
                var result = doc.Apply(update.ToOperations(), LastUpdated);
                if (!result.Success)
                {
                    continue;
                }

                // set previous where there was a value, unset where there was none; newest first.
                var inverse = result.Update!.Operations.Reverse()
                    .Select(op => op.HasPrevious
                        ? new StateOperation(op.Path, OperationKinds.Set, op.Previous)
                        : new StateOperation(op.Path, OperationKinds.Unset))
                    .ToArray();
                var undone = doc.Apply(inverse, LastUpdated + 1);
                Assert.True(undone.Success, undone.Error?.Message);
                Assert.Equal(before, Canonical(doc.ToJsonString()));
                Interlocked.Increment(ref checkedCases);
            }
        });

        Assert.True(checkedCases > 50, $"only {checkedCases} updates were inverted");
    }

    [Fact]
    public void The_same_update_on_two_copies_gives_the_same_result_and_a_replay_of_the_broadcast_too()
    {
        Check(StateGenerators.Case(4), c =>
        {
            var a = GameStateDocument.Parse(c.Json);
            var b = GameStateDocument.Parse(System.Text.Encoding.UTF8.GetBytes(c.Json));
            var replica = GameStateDocument.Parse(c.Json);
            foreach (var update in c.Updates)
            {
                var ra = a.Apply(update.ToOperations(), LastUpdated);
                var rb = b.Apply(update.ToOperations(), LastUpdated);
                Assert.Equal(ra.Describe(), rb.Describe());
                Assert.Equal(a.ToUtf8Bytes(), b.ToUtf8Bytes());
                if (!ra.Success)
                {
                    continue;
                }

                var opsA = JsonSerializer.Serialize(ra.Update!.Operations, ContractJson.Options);
                Assert.Equal(opsA, JsonSerializer.Serialize(rb.Update!.Operations, ContractJson.Options));
                Assert.Equal(ra.Update.TouchedEntities, rb.Update.TouchedEntities);

                // What the grain does on activation: replay the logged broadcast (previous included, and ignored).
                var logged = JsonSerializer.Deserialize<List<StateOperation>>(opsA, ContractJson.Options)!;
                var replayed = replica.Apply(logged, LastUpdated);
                Assert.True(replayed.Success, replayed.Error?.Message);
                Assert.Equal(a.ToUtf8Bytes(), replica.ToUtf8Bytes());
            }

            // And a snapshot parses back to the same bytes.
            Assert.Equal(a.ToUtf8Bytes(), GameStateDocument.Parse(a.ToUtf8Bytes()).ToUtf8Bytes());
        });
    }

    [Fact]
    public void Undo_restores_the_document_byte_identically()
    {
        var undone = 0;
        Check(StateGenerators.Case(4), c =>
        {
            var doc = GameStateDocument.Parse(c.Json);
            foreach (var update in c.Updates)
            {
                var before = doc.ToUtf8Bytes();
                var (version, lastUpdated, size) = (doc.Version, doc.LastUpdated, doc.SizeBytes);
                var result = doc.Apply(update.ToOperations(), LastUpdated + version);
                if (!result.Success)
                {
                    continue;
                }

                var after = doc.ToUtf8Bytes();
                doc.Undo(result.Update!);
                Interlocked.Increment(ref undone);
                Assert.Equal(before, doc.ToUtf8Bytes());
                Assert.Equal(version, doc.Version);
                Assert.Equal(lastUpdated, doc.LastUpdated);
                Assert.Equal(size, doc.SizeBytes);
                Assert.Null(doc.DescribeIndexMismatch());
                Assert.Throws<InvalidOperationException>(() => doc.Undo(result.Update!));

                // Applying it again gives the same state as the first time, and the sequence goes on from there.
                var again = doc.Apply(update.ToOperations(), LastUpdated + version);
                Assert.True(again.Success, again.Error?.Message);
                Assert.Equal(after, doc.ToUtf8Bytes());
            }
        });

        Assert.True(undone > 50, $"only {undone} updates were undone");
    }

    [Fact]
    public void SizeBytes_is_the_exact_serialised_length()
    {
        Check(StateGenerators.Case(5), c =>
        {
            var doc = GameStateDocument.Parse(c.Json);
            Assert.Equal(doc.ToUtf8Bytes().Length, doc.SizeBytes);
            foreach (var update in c.Updates)
            {
                var result = doc.Apply(update.ToOperations(), LastUpdated);
                Assert.Equal(doc.ToUtf8Bytes().Length, doc.SizeBytes);
                if (result.Success && update.Length % 2 == 0)
                {
                    doc.Undo(result.Update!);
                    Assert.Equal(doc.ToUtf8Bytes().Length, doc.SizeBytes);
                }
            }
        });
    }

    [Fact]
    public void The_id_index_agrees_with_a_full_scan()
    {
        Check(StateGenerators.Case(5), c =>
        {
            var doc = GameStateDocument.Parse(c.Json);
            AssertIndexMatchesScan(doc);
            foreach (var update in c.Updates)
            {
                doc.Apply(update.ToOperations(), LastUpdated);
                AssertIndexMatchesScan(doc);
            }
        });
    }

    [Fact]
    public void Touched_entities_are_exactly_the_backing_models_that_differ()
    {
        Check(StateGenerators.Case(3), c =>
        {
            var doc = GameStateDocument.Parse(c.Json);
            foreach (var update in c.Updates)
            {
                var before = BackingModels(doc);
                var result = doc.Apply(update.ToOperations(), LastUpdated);
                if (!result.Success)
                {
                    continue;
                }

                var after = BackingModels(doc);
                var touched = result.Update!.TouchedEntities.ToHashSet();
                Assert.Equal(touched.Count, result.Update.TouchedEntities.Count);
                foreach (var entity in before.Keys.Union(after.Keys))
                {
                    var differs = !before.TryGetValue(entity, out var old) || !after.TryGetValue(entity, out var now) || old != now;
                    if (differs)
                    {
                        Assert.Contains(entity, touched);
                    }
                }

                // Nothing outside the state before or after is reported.
                Assert.All(touched, e => Assert.True(before.ContainsKey(e) || after.ContainsKey(e), $"{e} is in neither state"));
            }
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /// <summary>Every backing model in the state and its stored form (encounter with tokens on it).</summary>
    private static Dictionary<EntityRef, string> BackingModels(GameStateDocument doc)
    {
        var result = new Dictionary<EntityRef, string>();
        foreach (var kind in new[] { "characters", "actors", "items" })
        {
            foreach (var element in doc.GetValue(kind)!.AsArray())
            {
                result[new EntityRef(kind, element!["id"]!.GetValue<string>())] = element.ToJsonString();
            }
        }

        if (doc.CurrentEncounter is { } encounter)
        {
            result[new EntityRef("encounters", encounter["encounter"]!["id"]!.GetValue<string>())] =
                encounter["encounter"]!.ToJsonString() + encounter["tokens"]!.ToJsonString();
            if (encounter["map"] is { } map)
            {
                result[new EntityRef("maps", map["id"]!.GetValue<string>())] = map.ToJsonString();
            }
        }

        return result;
    }

    private static void AssertIndexMatchesScan(GameStateDocument doc)
    {
        Assert.Null(doc.DescribeIndexMismatch());
        foreach (var (name, path) in new[] { ("characters", "characters"), ("actors", "actors"), ("items", "items"), ("tokens", "currentEncounter.tokens") })
        {
            if (doc.GetValue(path) is not JsonArray array)
            {
                continue;
            }

            for (var i = 0; i < array.Count; i++)
            {
                var id = array[i]!["id"]!.GetValue<string>();
                Assert.True(doc.TryGetEntity(name, id, out var found));
                Assert.Same(array[i], found);
                Assert.Equal(i, doc.IndexOfEntity(name, id));
            }

            Assert.False(doc.TryGetEntity(name, "no-such-id", out _));
        }
    }

    /// <summary>
    /// Whether set/unset previous can rebuild the state: every target's parent exists already (so set creates no
    /// objects on the way) and no unset can remove an array element (that would need an insert).
    /// </summary>
    private static bool InvertibleByOperations(GameStateDocument doc, GenOp[] update)
    {
        foreach (var op in update)
        {
            var dot = op.Path.LastIndexOf('.');
            if (dot < 0)
            {
                if (op.Operation == OperationKinds.Unset)
                {
                    return false;
                }

                continue;
            }

            if (doc.GetValue(op.Path[..dot]) is not (JsonObject or JsonArray))
            {
                return false;
            }

            if (op.Operation == OperationKinds.Unset && op.Path[(dot + 1)..].All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The state without stateVersion and lastUpdated, keys sorted: equal states compare equal.</summary>
    private static string Canonical(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        root.Remove("stateVersion");
        root.Remove("lastUpdated");
        return Sort(root)!.ToJsonString();

        static JsonNode? Sort(JsonNode? node) => node switch
        {
            JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
            JsonArray array => new JsonArray([.. array.Select(Sort)]),
            null => null,
            _ => node.DeepClone(),
        };
    }
}
