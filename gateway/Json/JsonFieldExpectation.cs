using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.GameState.Gateway.Json;

/// <summary>
/// Words a failed conversion as "field: must be a …": the field named from <see cref="JsonException.Path"/> the way the
/// engine names fields (<c>operations[0].path</c>), what it must be from the target type's JSON contract at that path.
/// </summary>
internal static class JsonFieldExpectation
{
    public static string Describe(Type root, string? jsonPath, string subject, JsonSerializerOptions options)
    {
        var segments = Parse(jsonPath);
        var field = Format(segments, subject);
        return Expected(TypeAt(root, segments, options), options) is { } expected
            ? $"{field}: must be {expected}"
            : $"{field}: has the wrong type";
    }

    /// <summary>The field at <paramref name="jsonPath"/> named as <see cref="Describe"/> names it.</summary>
    public static string Field(string? jsonPath, string subject) => Format(Parse(jsonPath), subject);

    /// <summary>One step of a path: a property name, or an array index when <see cref="Name"/> is null.</summary>
    private readonly record struct Segment(string? Name, int Index);

    /// <summary>System.Text.Json paths: <c>$</c>, then <c>.name</c>, <c>['odd name']</c> and <c>[index]</c> steps.</summary>
    private static List<Segment> Parse(string? path)
    {
        var segments = new List<Segment>();
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return segments;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new Segment(path[(i + 1)..end], 0));
                i = end;
            }
            else if (string.CompareOrdinal(path, i, "['", 0, 2) == 0)
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(new Segment(path[(i + 2)..end], 0));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(int.TryParse(path.AsSpan(i + 1, end - i - 1), out var index) ? new Segment(null, index) : new Segment(path[(i + 1)..end], 0));
                i = end + 1;
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    private static string Format(List<Segment> segments, string subject)
    {
        if (segments.Count == 0)
        {
            return subject;
        }

        var field = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Name is null)
            {
                field.Append('[').Append(segment.Index).Append(']');
            }
            else
            {
                field.Append(field.Length == 0 ? "" : ".").Append(segment.Name);
            }
        }

        return field.ToString();
    }

    /// <summary>The declared type at the path, or null where the contract does not say (a free-form value).</summary>
    private static Type? TypeAt(Type root, List<Segment> segments, JsonSerializerOptions options)
    {
        Type? current = root;
        foreach (var segment in segments)
        {
            if (current is null)
            {
                return null;
            }

            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(current) ?? current);
            current = (info.Kind, segment.Name) switch
            {
                (JsonTypeInfoKind.Enumerable, null) => info.ElementType,
                (JsonTypeInfoKind.Dictionary, not null) => info.ElementType,
                (JsonTypeInfoKind.Object, { } name) => info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType,
                _ => null,
            };
        }

        return current;
    }

    private static string? Expected(Type? type, JsonSerializerOptions options)
    {
        if (type is null || type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(object))
        {
            return null;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) || type == typeof(byte) || type == typeof(sbyte))
        {
            return "an integer";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "a number";
        }

        return options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array",
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            _ => null,
        };
    }
}
