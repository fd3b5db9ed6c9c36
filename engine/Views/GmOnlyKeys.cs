using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Views;

/// <summary>Object keys named exactly <c>gmOnly</c>, at any depth, are seen only by the GM (CONTRACT section 7).</summary>
public static class GmOnlyKeys
{
    public const string Key = "gmOnly";

    /// <summary>How many gmOnly keys a value holds (what lies under one included). O(size of the value).</summary>
    public static long Count(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                long count = 0;
                foreach (var (key, child) in obj)
                {
                    count += Count(key, child);
                }

                return count;
            }

            case JsonArray array:
            {
                long count = 0;
                foreach (var child in array)
                {
                    count += Count(child);
                }

                return count;
            }

            default:
                return 0;
        }
    }

    /// <summary>The gmOnly keys of a key and its value together.</summary>
    public static long Count(string key, JsonNode? value) => (key == Key ? 1 : 0) + Count(value);

    /// <summary>Whether an immutable value holds a gmOnly key anywhere.</summary>
    public static bool Any(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals(Key) || Any(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Any(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
