using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Orleans.GameState.Grains.Campaigns;

/// <summary>
/// Grain state as UTF-8 JSON (camelCase, nulls left out), so the storage keeps it in its <c>payload_json</c>
/// column where <c>psql</c> reads it. Entity bodies are <see cref="JsonElement"/>s and so are embedded as
/// JSON, not as escaped strings.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)!;
}
