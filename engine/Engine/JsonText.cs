using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Engine;

/// <summary>
/// The one serialisation format of the state: compact UTF-8, minimal escaping (non-ASCII text is written as is).
/// <see cref="GameStateDocument.SizeBytes"/> is measured with exactly these options, so it equals the length of
/// <see cref="GameStateDocument.ToUtf8Bytes"/>.
/// </summary>
internal static class JsonText
{
    /// <summary>Deepest nesting a document is read and written with; far above what changes may build (<see cref="MaxWrittenDepth"/>).</summary>
    public const int MaxDepth = 512;

    /// <summary>
    /// Operations and entities may nest a state at most one level less than this. The state travels to clients inside
    /// the hub's join answer (two more levels), and SignalR's JSON reader, like System.Text.Json's by default, stops at
    /// 64: a deeper state would be refused by every such client, for good. Documents are still read to
    /// <see cref="MaxDepth"/>, so nothing stored before is refused on load.
    /// </summary>
    public const int MaxWrittenDepth = 63;

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
        MaxDepth = MaxDepth + 8,
    };

    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth + 8 };

    /// <summary>A JSON <c>null</c> as an element, shared: elements of a non-disposable document are immutable.</summary>
    public static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();

    /// <summary>Scratch buffers are released when they grew past this, so a one-off huge value is not kept alive.</summary>
    private const int KeepBufferBytes = 1 << 20;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private static Scratch Current => t_scratch ??= new Scratch();

    public static void Write(JsonNode? node, Utf8JsonWriter writer)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    /// <summary>The serialised size of a value, in bytes. O(size of the value).</summary>
    public static long Measure(JsonNode? node)
    {
        if (node is null)
        {
            return 4;
        }

        var scratch = Current;
        var writer = scratch.Counter;
        scratch.Discard.Reset();
        writer.Reset(scratch.Discard);
        node.WriteTo(writer);
        writer.Flush();
        return writer.BytesCommitted;
    }

    /// <summary>The serialised size of <c>"key":</c>.</summary>
    public static long MeasureKey(string key)
    {
        var scratch = Current;
        var writer = scratch.Counter;
        scratch.Discard.Reset();
        writer.Reset(scratch.Discard);
        writer.WriteStartObject();
        writer.WritePropertyName(key);
        writer.WriteNullValue();
        writer.WriteEndObject();
        writer.Flush();
        return writer.BytesCommitted - 6; // '{', "null", '}'
    }

    /// <summary>An immutable copy of a value (for <c>previous</c>), and its serialised size.</summary>
    public static JsonElement Snapshot(JsonNode? node, out long size)
    {
        if (node is null)
        {
            size = 4;
            return NullElement;
        }

        var scratch = Current;
        var buffer = scratch.Buffer;
        buffer.ResetWrittenCount();
        var writer = scratch.Writer;
        writer.Reset(buffer);
        node.WriteTo(writer);
        writer.Flush();
        size = buffer.WrittenCount;
        var element = ToElement(buffer.WrittenSpan);
        scratch.TrimBuffer();
        return element;
    }

    /// <summary>Writes a value with the document's options into a caller-supplied callback and snapshots the result.</summary>
    public static JsonElement Build<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var scratch = Current;
        var buffer = scratch.Buffer;
        buffer.ResetWrittenCount();
        var writer = scratch.Writer;
        writer.Reset(buffer);
        write(writer, state);
        writer.Flush();
        var element = ToElement(buffer.WrittenSpan);
        scratch.TrimBuffer();
        return element;
    }

    /// <summary>Parses UTF-8 JSON into an element that owns a private copy of the bytes.</summary>
    public static JsonElement ToElement(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        return JsonElement.ParseValue(ref reader);
    }

    public static byte[] ToUtf8Bytes(JsonNode node, int sizeHint)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, sizeHint));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The raw text of a number value, as it is serialised. The span is valid until the next call.</summary>
    public static ReadOnlySpan<byte> NumberText(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
        }

        var scratch = Current;
        var buffer = scratch.NumberBuffer;
        buffer.ResetWrittenCount();
        var writer = scratch.NumberWriter;
        writer.Reset(buffer);
        value.WriteTo(writer);
        writer.Flush();
        return buffer.WrittenSpan;
    }

    /// <summary>The text the writer produces for a finite double. The span is valid until the next call.</summary>
    public static ReadOnlySpan<byte> DoubleText(double value)
    {
        var scratch = Current;
        var buffer = scratch.NumberBuffer;
        buffer.ResetWrittenCount();
        var writer = scratch.NumberWriter;
        writer.Reset(buffer);
        writer.WriteNumberValue(value);
        writer.Flush();
        return buffer.WrittenSpan;
    }

    private sealed class Scratch
    {
        public Scratch()
        {
            Writer = new Utf8JsonWriter(Buffer, WriterOptions);
            Counter = new Utf8JsonWriter(Discard, WriterOptions);
            NumberWriter = new Utf8JsonWriter(NumberBuffer, WriterOptions);
        }

        public ArrayBufferWriter<byte> Buffer { get; private set; } = new(1024);

        public Utf8JsonWriter Writer { get; }

        public DiscardingBufferWriter Discard { get; } = new();

        public Utf8JsonWriter Counter { get; }

        public ArrayBufferWriter<byte> NumberBuffer { get; } = new(64);

        public Utf8JsonWriter NumberWriter { get; }

        public void TrimBuffer()
        {
            if (Buffer.Capacity > KeepBufferBytes)
            {
                Buffer = new ArrayBufferWriter<byte>(1024);
                Writer.Reset(Buffer);
            }
        }
    }

    /// <summary>Counts bytes and throws them away: measuring a value allocates nothing.</summary>
    private sealed class DiscardingBufferWriter : IBufferWriter<byte>
    {
        private byte[] _scratch = new byte[4096];

        public void Reset()
        {
        }

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint);

        private byte[] Ensure(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[Math.Max(sizeHint, _scratch.Length * 2)];
            }

            return _scratch;
        }
    }
}
