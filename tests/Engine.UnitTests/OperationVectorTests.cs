using System.Text.Json;
using Orleans.GameState.TestVectors;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>
/// The shared vectors (engine/test-vectors/operations.json), which the TypeScript engine runs too: the checked-in
/// file must be what the generator makes from this engine now, and every vector must hold on this engine.
/// </summary>
public sealed class OperationVectorTests
{
    private static readonly string FilePath = Path.Combine(RepositoryRoot(), "engine", "test-vectors", "operations.json");

    [Fact]
    public void The_checked_in_file_is_what_the_generator_makes_now()
    {
        var stale = File.ReadAllText(FilePath) != VectorFile.Generate();
        Assert.False(stale, "engine/test-vectors/operations.json is stale: run `dotnet run --project tools/TestVectors -- write engine/test-vectors/operations.json` and commit it");
    }

    [Fact]
    public void Every_vector_holds_on_the_engine()
    {
        using var file = JsonDocument.Parse(File.ReadAllBytes(FilePath), new JsonDocumentOptions { MaxDepth = 256 });
        var vectors = file.RootElement.GetProperty("vectors");
        var steps = 0;
        foreach (var vector in vectors.EnumerateArray())
        {
            var name = vector.GetProperty("name").GetString();
            var l = vector.GetProperty("limits");
            var limits = new StateLimits(l.GetProperty("maxOperationsPerUpdate").GetInt32(), l.GetProperty("maxPathDepth").GetInt32(), l.GetProperty("maxStateBytes").GetInt64());
            var document = GameStateDocument.Parse(vector.GetProperty("state").GetRawText(), limits);
            foreach (var step in vector.GetProperty("steps").EnumerateArray())
            {
                steps++;
                var operations = step.GetProperty("operations").EnumerateArray().Select(ToOperation).ToList();
                var result = document.Apply(operations, step.GetProperty("lastUpdated").GetInt64());
                var expect = step.GetProperty("expect");
                if (expect.TryGetProperty("error", out var error))
                {
                    Assert.False(result.Success, name);
                    Assert.Equal(error.GetProperty("code").GetString(), result.Error!.Code);
                    Assert.Equal(error.GetProperty("message").GetString(), result.Error.Message);
                    continue;
                }

                Assert.True(result.Success, $"{name}: {result.Error?.Message}");
                Assert.Equal(expect.GetProperty("newVersion").GetString(), result.Update!.NewVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(expect.GetProperty("state").GetRawText(), document.ToJsonString());
                var applied = expect.GetProperty("operations").EnumerateArray().ToList();
                Assert.Equal(applied.Count, result.Update.Operations.Count);
                for (var i = 0; i < applied.Count; i++)
                {
                    var actual = result.Update.Operations[i];
                    Assert.Equal(applied[i].GetProperty("path").GetString(), actual.Path);
                    Assert.Equal(applied[i].TryGetProperty("previous", out var previous) ? previous.GetRawText() : "<absent>", actual.HasPrevious ? actual.Previous.GetRawText() : "<absent>");
                }
            }
        }

        Assert.True(steps > 400, $"only {steps} steps in the vectors");
    }

    private static StateOperation ToOperation(JsonElement op) => op.TryGetProperty("value", out var value)
        ? new StateOperation(op.GetProperty("path").GetString()!, op.GetProperty("operation").GetString()!, value.Clone())
        : new StateOperation(op.GetProperty("path").GetString()!, op.GetProperty("operation").GetString()!);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.GameState.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orleans.GameState.sln not found above " + AppContext.BaseDirectory);
    }
}
