using System.Text;
using System.Text.Json;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>Shared fixtures and helpers for the engine tests.</summary>
internal static class TestState
{
    /// <summary>A valid state in the engine's canonical form (ToJsonString gives it back byte for byte).</summary>
    public const string SampleJson =
        """{"characters":[{"id":"c1","name":"Aria","hp":10,"stats":{"str":12,"dex":14},"inventory":["sword","rope"]},{"id":"c2","name":"Bram","hp":7.5}],"actors":[{"id":"a1","kind":"goblin"}],"items":[{"id":"i1","tags":["x"]}],"currentEncounter":{"encounter":{"id":"e1","status":"pending"},"map":{"id":"m1"},"tokens":[{"id":"t1","x":1},{"id":"t2","x":2}]},"pluginData":{"dice":{"last":[1,2,3]},"log":[]},"stateVersion":"5","lastUpdated":1764000000000}""";

    public static GameStateDocument Sample(StateLimits? limits = null) => GameStateDocument.Parse(SampleJson, limits);

    private static readonly JsonSerializerOptions DeepJson = new() { MaxDepth = 256 };

    public static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json, DeepJson);

    public static StateOperation Op(string path, string operation, string? valueJson = null) =>
        valueJson is null ? new StateOperation(path, operation) : new StateOperation(path, operation, Json(valueJson));

    public static StateOperation Set(string path, string valueJson) => Op(path, OperationKinds.Set, valueJson);

    public static StateOperation Unset(string path) => Op(path, OperationKinds.Unset);

    public static StateOperation Inc(string path, string valueJson) => Op(path, OperationKinds.Inc, valueJson);

    public static StateOperation Push(string path, string valueJson) => Op(path, OperationKinds.Push, valueJson);

    public static StateOperation Pull(string path, string valueJson) => Op(path, OperationKinds.Pull, valueJson);

    /// <summary>Applies and asserts success.</summary>
    public static AppliedUpdate ApplyOk(this GameStateDocument document, params StateOperation[] operations)
    {
        var result = document.Apply(operations, 1764000000123);
        Assert.True(result.Success, result.Error?.Message);
        Assert.Null(result.Error);
        AssertConsistent(document);
        return result.Update!;
    }

    /// <summary>Applies, asserts a VALIDATION_ERROR and that nothing changed; returns the message.</summary>
    public static string ApplyFails(this GameStateDocument document, params StateOperation[] operations)
    {
        var before = document.ToUtf8Bytes();
        var version = document.Version;
        var lastUpdated = document.LastUpdated;
        var size = document.SizeBytes;
        var result = document.Apply(operations, 1764000000999);
        Assert.False(result.Success);
        Assert.Null(result.Update);
        Assert.Equal(ErrorCodes.ValidationError, result.Error!.Code);
        Assert.Equal(before, document.ToUtf8Bytes());
        Assert.Equal(version, document.Version);
        Assert.Equal(lastUpdated, document.LastUpdated);
        Assert.Equal(size, document.SizeBytes);
        AssertConsistent(document);
        return result.Error.Message;
    }

    /// <summary>The incremental bookkeeping agrees with a from-scratch computation.</summary>
    public static void AssertConsistent(GameStateDocument document)
    {
        var bytes = document.ToUtf8Bytes();
        Assert.Equal(bytes.Length, document.SizeBytes);
        Assert.Null(document.DescribeIndexMismatch());
        Assert.Equal(GameStateDocument.Parse(bytes).HasHiddenContent, document.HasHiddenContent);
    }

    public static string Text(this JsonElement element) => element.ValueKind == JsonValueKind.Undefined ? "<absent>" : element.GetRawText();

    public static string Get(this GameStateDocument document, string path) =>
        document.GetValue(path) is { } node ? node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) : "<absent>";

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
