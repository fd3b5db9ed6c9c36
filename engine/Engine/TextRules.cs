using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Orleans.GameState.Engine;

/// <summary>
/// What text the server can hold. JSON may escape a lone UTF-16 surrogate (<c>"\ud800"</c>), which is no Unicode
/// text at all: it cannot be decoded, stored or sent on, so it is refused where it arrives rather than failing deep
/// inside as a storage error. Names that become storage keys (update, session, entity and user ids) must also not
/// hold U+0000, which PostgreSQL text cannot store; inside opaque values it is fine (it stays an escape).
/// </summary>
public static class TextRules
{
    /// <summary>False when <paramref name="text"/> holds U+0000.</summary>
    public static bool IsStorableKey(string text) => !text.Contains('\0', StringComparison.Ordinal);

    /// <summary>True when every string and property name in <paramref name="element"/> decodes to valid Unicode (valid UTF-8, no escaped lone surrogate).</summary>
    public static bool HasValidStrings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined || HasValidStrings(JsonMarshal.GetRawUtf8Value(element));

    /// <inheritdoc cref="HasValidStrings(JsonElement)"/>
    public static bool HasValidStrings(ReadOnlySpan<byte> utf8Json)
    {
        // The parser does not check the UTF-8 inside strings (only transcoding does, much later, as an exception):
        // one vectorised pass over the raw bytes does; then only escapes can still spell a lone surrogate.
        if (!Utf8.IsValid(utf8Json))
        {
            return false;
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return true;
    }
}
