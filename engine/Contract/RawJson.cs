using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.GameState.Contract;

/// <summary>
/// A JSON value carried as raw UTF-8. The gateway writes the session grain's serialised state or update to the socket
/// as is, so fan-out to many connections costs a copy, not a serialisation, per connection; a reader (the SDK) keeps
/// the value's bytes and deserialises them when it needs them.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed class RawJson(ReadOnlyMemory<byte> utf8)
{
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    /// <summary>The value as <typeparamref name="T"/> (with <see cref="ContractJson.Options"/> unless told otherwise).</summary>
    /// <exception cref="JsonException">The value is not a <typeparamref name="T"/>.</exception>
    public T Deserialize<T>(JsonSerializerOptions? options = null) =>
        JsonSerializer.Deserialize<T>(Utf8.Span, options ?? ContractJson.Options)
        ?? throw new JsonException($"The value is null, not a {typeof(T).Name}.");

    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8.Span);

    private sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            // The value's own bytes, unchanged: what the gateway wrote is what the reader holds.
            using var document = JsonDocument.ParseValue(ref reader);
            return new RawJson(JsonMarshal.GetRawUtf8Value(document.RootElement).ToArray());
        }

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
    }
}
