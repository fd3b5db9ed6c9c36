using System.Text.Json.Nodes;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>
/// A member's view of a GM state, written here from the contract's words (docs/views.md) and not with the server's
/// code, so the view tests check the server against an independent reading; and the canonical text states are compared
/// by.
/// </summary>
internal static class ExpectedView
{
    /// <summary>The GM's state without gmOnly keys and without the entities whose visibility hides them from <paramref name="user"/>.</summary>
    public static JsonNode Of(JsonNode gmState, string user)
    {
        var view = StripGmOnly(gmState.DeepClone())!;
        foreach (var array in new[] { view["characters"], view["actors"], view["items"], view["currentEncounter"]?["tokens"] })
        {
            if (array is JsonArray entities)
            {
                for (var i = entities.Count - 1; i >= 0; i--)
                {
                    if (!Sees(entities[i]!["visibility"], user))
                    {
                        entities.RemoveAt(i);
                    }
                }
            }
        }

        return view;
    }

    /// <summary>The state with sorted keys and without stateVersion and lastUpdated, as text: equal views give equal text.</summary>
    public static string Canonical(JsonNode? node)
    {
        var copy = node?.DeepClone();
        if (copy is JsonObject root)
        {
            root.Remove("stateVersion");
            root.Remove("lastUpdated");
        }

        return Sort(copy)?.ToJsonString() ?? "null";

        static JsonNode? Sort(JsonNode? n) => n switch
        {
            JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
            JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
            _ => n?.DeepClone(),
        };
    }

    private static bool Sees(JsonNode? visibility, string user) => visibility switch
    {
        null => true,
        JsonArray users => users.Any(u => u!.GetValue<string>() == user),
        _ => visibility.GetValue<string>() == "all",
    };

    private static JsonNode? StripGmOnly(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("gmOnly");
                foreach (var (_, child) in obj.ToList())
                {
                    StripGmOnly(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    StripGmOnly(child);
                }

                break;
        }

        return node;
    }
}
