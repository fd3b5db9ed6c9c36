using System.Text.Json;

namespace Orleans.GameState.Grains.WriteThrough;

/// <summary>
/// An entity an update touched, as the update log stores it (<c>touched_entities</c>: <c>[{"kind":…,"id":…}]</c>).
/// Tokens are stored on their encounter, so a touched token counts as its encounter touched.
/// </summary>
public readonly record struct TouchedEntity(string Kind, string Id)
{
    public const string TokensKind = "tokens";

    public static IReadOnlyList<TouchedEntity> ParseList(string json)
    {
        var list = new List<TouchedEntity>();
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object
                && TryGetString(element, "kind", out var kind)
                && TryGetString(element, "id", out var id))
            {
                list.Add(new TouchedEntity(kind, id));
            }
        }

        return list;
    }

    private static bool TryGetString(JsonElement element, string name, out string value)
    {
        value = string.Empty;
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                value = property.Value.GetString()!;
                return true;
            }
        }

        return false;
    }
}
