using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Engine;

/// <summary>Copying client values into the document, deep equality and number handling.</summary>
internal static class JsonValues
{
    /// <summary>
    /// A deep copy of <paramref name="element"/> as nodes: the document never shares anything with the caller.
    /// Numbers keep their exact text. Throws <see cref="OperationException"/> on a duplicate key, a string that
    /// is not valid Unicode, or nesting deeper than <paramref name="maxDepth"/>.
    /// </summary>
    public static JsonNode? Copy(JsonElement element, string path, int maxDepth)
    {
        try
        {
            return CopyCore(element, path, 0, maxDepth);
        }
        catch (InvalidOperationException)
        {
            // A string holding an escaped lone surrogate cannot be turned into text.
            throw new OperationException(path, "value contains a string that is not valid Unicode");
        }
    }

    private static JsonNode? CopyCore(JsonElement element, string path, int depth, int maxDepth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                if (depth >= maxDepth)
                {
                    throw new OperationException(path, "value is nested too deeply");
                }

                var copy = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (!copy.TryAdd(property.Name, CopyCore(property.Value, path, depth + 1, maxDepth)))
                    {
                        throw new OperationException(path, $"value has the key '{property.Name}' more than once");
                    }
                }

                return copy;
            }

            case JsonValueKind.Array:
            {
                if (depth >= maxDepth)
                {
                    throw new OperationException(path, "value is nested too deeply");
                }

                var copy = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    copy.Add(CopyCore(item, path, depth + 1, maxDepth));
                }

                return copy;
            }

            case JsonValueKind.String:
                return JsonValue.Create(element.GetString()!);
            case JsonValueKind.Number:
                return NumberFromText(JsonMarshal.GetRawUtf8Value(element));
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.Null:
                return null;
            default:
                throw new OperationException(path, "value is missing");
        }
    }

    /// <summary>A number node that serialises as exactly <paramref name="utf8"/>.</summary>
    public static JsonValue NumberFromText(ReadOnlySpan<byte> utf8)
    {
        if (TryParseCanonicalInt64(utf8, out var integer))
        {
            return JsonValue.Create(integer);
        }

        return JsonValue.Create(JsonText.ToElement(utf8))!;
    }

    /// <summary>Text that a <see cref="long"/> formats back to byte for byte (so "-0" and "007" are not).</summary>
    private static bool TryParseCanonicalInt64(ReadOnlySpan<byte> utf8, out long value)
    {
        if (!Utf8Parser.TryParse(utf8, out value, out var consumed) || consumed != utf8.Length)
        {
            return false;
        }

        Span<byte> formatted = stackalloc byte[24];
        return Utf8Formatter.TryFormat(value, formatted, out var written) && formatted[..written].SequenceEqual(utf8);
    }

    /// <summary>A number read from its JSON text: integer form fitting 64 bits, or an IEEE double.</summary>
    public readonly record struct Number(bool IsInteger, long Integer, double Double)
    {
        public double AsDouble => IsInteger ? Integer : Double;
    }

    /// <summary>Reads a number node. False when the node is not a number.</summary>
    public static bool TryReadNumber(JsonNode? node, out Number number)
    {
        number = default;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        number = ParseNumber(JsonText.NumberText(value));
        return true;
    }

    public static Number ParseNumber(ReadOnlySpan<byte> text)
    {
        // "Integer" is about the JSON text: no fraction, no exponent, and it fits in 64 bits.
        if (Utf8Parser.TryParse(text, out long integer, out var consumed) && consumed == text.Length)
        {
            return new Number(true, integer, integer);
        }

        var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Number(false, 0, d);
    }

    /// <summary>True for integer text (no fraction, no exponent) that <see cref="ParseNumber"/> had to read as a double.</summary>
    public static bool IsIntegerBeyond64Bits(ReadOnlySpan<byte> text, Number parsed) =>
        !parsed.IsInteger && text.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    /// <summary>A number node for an inc result, holding the text the writer produces for it.</summary>
    /// <remarks>
    /// Whether a number is an integer is decided by its text, so a double such as 2.0 (written "2") is an integer from
    /// then on, exactly as it would be after the state is saved and parsed again.
    /// </remarks>
    public static JsonValue NumberNode(Number number) =>
        number.IsInteger ? JsonValue.Create(number.Integer) : NumberFromText(JsonText.DoubleText(number.Double));

    public static string KindName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a value",
        },
    };

    /// <summary>The non-empty string <c>id</c> of an entity object, if it has one.</summary>
    public static bool TryGetEntityId(JsonNode? node, out string id)
    {
        if (node is JsonObject obj
            && obj.TryGetPropertyValue("id", out var idNode)
            && idNode is JsonValue idValue
            && idValue.GetValueKind() == JsonValueKind.String)
        {
            id = idValue.GetValue<string>();
            return id.Length > 0;
        }

        id = string.Empty;
        return false;
    }

    /// <summary>
    /// Whether an array element matches a <c>pull</c> value: for an object value, the element is an object holding
    /// every key of the value with a deep-equal value; otherwise the element is deep-equal to the value.
    /// </summary>
    public static bool PullMatches(JsonNode? element, JsonNode? value)
    {
        if (value is JsonObject pattern)
        {
            if (element is not JsonObject candidate)
            {
                return false;
            }

            foreach (var (key, expected) in pattern)
            {
                if (!candidate.TryGetPropertyValue(key, out var actual) || !DeepEquals(actual, expected))
                {
                    return false;
                }
            }

            return true;
        }

        return DeepEquals(element, value);
    }

    /// <summary>Deep equality: numbers by value (1 == 1.0 == 1e0), objects regardless of key order, arrays in order.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a)
        {
            case JsonObject objectA:
            {
                if (b is not JsonObject objectB || objectA.Count != objectB.Count)
                {
                    return false;
                }

                foreach (var (key, valueA) in objectA)
                {
                    if (!objectB.TryGetPropertyValue(key, out var valueB) || !DeepEquals(valueA, valueB))
                    {
                        return false;
                    }
                }

                return true;
            }

            case JsonArray arrayA:
            {
                if (b is not JsonArray arrayB || arrayA.Count != arrayB.Count)
                {
                    return false;
                }

                for (var i = 0; i < arrayA.Count; i++)
                {
                    if (!DeepEquals(arrayA[i], arrayB[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            default:
            {
                if (b is not JsonValue valueB)
                {
                    return false;
                }

                var valueA = (JsonValue)a;
                var kind = valueA.GetValueKind();
                if (kind != valueB.GetValueKind())
                {
                    return false;
                }

                return kind switch
                {
                    JsonValueKind.String => string.Equals(valueA.GetValue<string>(), valueB.GetValue<string>(), StringComparison.Ordinal),
                    JsonValueKind.Number => NumbersEqual(valueA, valueB),
                    _ => true, // true, false
                };
            }
        }
    }

    private static bool NumbersEqual(JsonValue a, JsonValue b)
    {
        var textA = JsonText.NumberText(a);
        byte[]? rented = null;
        var copyA = textA.Length <= 128 ? stackalloc byte[textA.Length] : (rented = ArrayPool<byte>.Shared.Rent(textA.Length)).AsSpan(0, textA.Length);
        textA.CopyTo(copyA);
        try
        {
            return NumberTextEquals(copyA, JsonText.NumberText(b));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Exact numeric equality of two JSON number texts, any size: compares sign, significant digits and scale.</summary>
    public static bool NumberTextEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.SequenceEqual(b))
        {
            return true;
        }

        var na = Normalize(a);
        var nb = Normalize(b);
        if (na.IsZero || nb.IsZero)
        {
            return na.IsZero && nb.IsZero;
        }

        if (na.Negative != nb.Negative || na.Scale != nb.Scale || na.DigitCount != nb.DigitCount)
        {
            return false;
        }

        // Compare the significant digits one by one, skipping the decimal point.
        var i = na.FirstDigit;
        var j = nb.FirstDigit;
        for (var n = 0; n < na.DigitCount; n++)
        {
            i = SkipPoint(a, i);
            j = SkipPoint(b, j);
            if (a[i] != b[j])
            {
                return false;
            }

            i++;
            j++;
        }

        return true;

        static int SkipPoint(ReadOnlySpan<byte> text, int index) => text[index] == (byte)'.' ? index + 1 : index;
    }

    /// <summary>
    /// value = 0.d1d2...dn × 10^Scale with d1 != 0; digits are read from the text starting at FirstDigit
    /// (a '.' in between is skipped), DigitCount of them after dropping trailing zeros.
    /// </summary>
    private readonly record struct NormalizedNumber(bool Negative, bool IsZero, int FirstDigit, int DigitCount, long Scale);

    private static NormalizedNumber Normalize(ReadOnlySpan<byte> text)
    {
        var pos = 0;
        var negative = false;
        if (pos < text.Length && text[pos] == (byte)'-')
        {
            negative = true;
            pos++;
        }

        // Mantissa: digits with an optional '.'.
        var mantissaStart = pos;
        var pointIndex = -1;
        while (pos < text.Length && (IsDigit(text[pos]) || text[pos] == (byte)'.'))
        {
            if (text[pos] == (byte)'.')
            {
                pointIndex = pos;
            }

            pos++;
        }

        var mantissaEnd = pos;
        long exponent = 0;
        if (pos < text.Length && (text[pos] == (byte)'e' || text[pos] == (byte)'E'))
        {
            pos++;
            var expNegative = false;
            if (pos < text.Length && (text[pos] == (byte)'+' || text[pos] == (byte)'-'))
            {
                expNegative = text[pos] == (byte)'-';
                pos++;
            }

            while (pos < text.Length && IsDigit(text[pos]))
            {
                // Saturate: no real document carries exponents anywhere near this.
                exponent = Math.Min(exponent * 10 + (text[pos] - '0'), 1L << 40);
                pos++;
            }

            if (expNegative)
            {
                exponent = -exponent;
            }
        }

        var integerDigits = (pointIndex < 0 ? mantissaEnd : pointIndex) - mantissaStart;

        // Leading zeros move the point; trailing zeros do not change the value.
        var first = mantissaStart;
        var leadingZeros = 0;
        while (first < mantissaEnd && (text[first] == (byte)'0' || text[first] == (byte)'.'))
        {
            if (text[first] == (byte)'0')
            {
                leadingZeros++;
            }

            first++;
        }

        if (first == mantissaEnd)
        {
            return new NormalizedNumber(negative, true, 0, 0, 0);
        }

        var last = mantissaEnd - 1;
        while (text[last] == (byte)'0' || text[last] == (byte)'.')
        {
            last--;
        }

        var digitCount = 0;
        for (var k = first; k <= last; k++)
        {
            if (text[k] != (byte)'.')
            {
                digitCount++;
            }
        }

        // Leading zeros counted before the point reduce the integer part; after it, they push the first digit right.
        var scale = integerDigits - leadingZeros + exponent;
        return new NormalizedNumber(negative, false, first, digitCount, scale);
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
