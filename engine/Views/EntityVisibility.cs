using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Views;

/// <summary>
/// The <c>visibility</c> marker of an element of characters, actors, items or currentEncounter.tokens (CONTRACT
/// section 7): absent or <c>"all"</c> (everyone), <c>"gm"</c> (only the GM), or an array of user ids (the GM and
/// those users). Any other value breaks the state's shape.
/// </summary>
public static class EntityVisibility
{
    public const string Key = "visibility";
    public const string Gm = "gm";
    public const string All = "all";

    /// <summary>What an element's marker says, read without allocating.</summary>
    public enum Kind : byte
    {
        /// <summary>No marker, or <c>"all"</c>.</summary>
        Everyone,

        /// <summary><c>"gm"</c>.</summary>
        GmOnly,

        /// <summary>An array of user ids.</summary>
        Listed,

        /// <summary>Anything else: a shape error.</summary>
        Invalid,
    }

    public static Kind Of(JsonNode? element)
    {
        if (element is not JsonObject obj || !obj.TryGetPropertyValue(Key, out var marker))
        {
            return Kind.Everyone;
        }

        return OfMarker(marker, present: true);
    }

    /// <summary>The kind of a marker value; <paramref name="present"/> false means the key is absent.</summary>
    public static Kind OfMarker(JsonNode? marker, bool present)
    {
        if (!present)
        {
            return Kind.Everyone;
        }

        switch (marker)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                return text == All ? Kind.Everyone : text == Gm ? Kind.GmOnly : Kind.Invalid;
            case JsonArray list:
                foreach (var user in list)
                {
                    if (user is not JsonValue id || id.GetValueKind() != JsonValueKind.String)
                    {
                        return Kind.Invalid;
                    }
                }

                return Kind.Listed;
            default:
                return Kind.Invalid;
        }
    }

    /// <summary>Whether a member who is not the GM sees the element. An invalid marker hides (it never outlives an update).</summary>
    public static bool IsVisibleTo(JsonNode? element, string userId)
    {
        if (element is not JsonObject obj || !obj.TryGetPropertyValue(Key, out var marker))
        {
            return true;
        }

        return MarkerAdmits(marker, userId);
    }

    /// <summary>Whether a marker (present) admits the member.</summary>
    public static bool MarkerAdmits(JsonNode? marker, string userId)
    {
        switch (OfMarker(marker, present: true))
        {
            case Kind.Everyone:
                return true;
            case Kind.Listed:
                foreach (var user in (JsonArray)marker!)
                {
                    if (user!.GetValue<string>() == userId)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>The same rule over an immutable value (an operation's value or previous).</summary>
    public static bool IsVisibleTo(JsonElement element, string userId)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(Key, out var marker))
        {
            return true;
        }

        switch (marker.ValueKind)
        {
            case JsonValueKind.String:
                return marker.ValueEquals(All);
            case JsonValueKind.Array:
                foreach (var user in marker.EnumerateArray())
                {
                    if (user.ValueKind == JsonValueKind.String && user.ValueEquals(userId))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>The users an element's list names (empty unless it is <see cref="Kind.Listed"/>).</summary>
    public static IEnumerable<string> ListedUsers(JsonNode? element)
    {
        if (element is JsonObject obj && obj.TryGetPropertyValue(Key, out var marker) && OfMarker(marker, true) == Kind.Listed)
        {
            foreach (var user in (JsonArray)marker!)
            {
                yield return user!.GetValue<string>();
            }
        }
    }
}
