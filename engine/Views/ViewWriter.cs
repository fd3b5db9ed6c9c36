using System.Text.Json;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Views;

/// <summary>
/// Writes the view of a value for one member (CONTRACT section 7): gmOnly keys left out at every depth, and in the
/// entity arrays the elements hidden from the member left out (the others keep their order).
/// </summary>
public static class ViewWriter
{
    /// <summary>The member's view of <paramref name="value"/>, which sits at <paramref name="place"/>.</summary>
    public static JsonElement View(JsonElement value, ViewPlace place, string viewer)
    {
        if (value.ValueKind == JsonValueKind.Undefined || !NeedsFiltering(value, place))
        {
            return value;
        }

        return JsonText.Build((value, place, viewer), static (writer, state) => Write(writer, state.value, state.place, state.viewer));
    }

    /// <summary>The member's view as UTF-8 JSON.</summary>
    public static byte[] ToUtf8Bytes(JsonElement value, ViewPlace place, string viewer)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
        {
            Write(writer, value, place, viewer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, JsonElement value, ViewPlace place, string viewer)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    if (property.NameEquals(GmOnlyKeys.Key))
                    {
                        continue;
                    }

                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, ViewPlaces.Child(place, property.Name), viewer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    if (place == ViewPlace.EntityArray && !EntityVisibility.IsVisibleTo(item, viewer))
                    {
                        continue;
                    }

                    Write(writer, item, ViewPlace.Other, viewer);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    /// <summary>Whether the view differs from the value at all (a gmOnly key, or a restricting marker where it counts).</summary>
    public static bool NeedsFiltering(JsonElement value, ViewPlace place)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (property.NameEquals(GmOnlyKeys.Key) || NeedsFiltering(property.Value, ViewPlaces.Child(place, property.Name)))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if ((place == ViewPlace.EntityArray && IsRestricted(item)) || NeedsFiltering(item, ViewPlace.Other))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool IsRestricted(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(EntityVisibility.Key, out var marker)
        && !(marker.ValueKind == JsonValueKind.String && marker.ValueEquals(EntityVisibility.All));
}
