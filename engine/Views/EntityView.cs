using System.Text;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Views;

/// <summary>
/// A backing model as a member who is not the GM reads it (CONTRACT section 7): hidden when its stored
/// <c>visibility</c> hides it from them, otherwise without its gmOnly keys (and, for an encounter, without the tokens
/// hidden from them: they are <c>currentEncounter.tokens</c> in a session).
/// </summary>
public static class EntityView
{
    /// <summary>The member's view of a stored entity, or null when it is hidden from them.</summary>
    public static string? ForMember(string entityJson, string kind, string userId)
    {
        ArgumentNullException.ThrowIfNull(entityJson);
        ArgumentNullException.ThrowIfNull(userId);
        using var document = JsonDocument.Parse(entityJson, new JsonDocumentOptions { MaxDepth = JsonText.MaxDepth });
        var entity = document.RootElement;
        if (!EntityVisibility.IsVisibleTo(entity, userId))
        {
            return null;
        }

        // An encounter's tokens are an entity array, as under currentEncounter.
        var place = kind == EntityKinds.Encounters ? ViewPlace.CurrentEncounter : ViewPlace.Other;
        return ViewWriter.NeedsFiltering(entity, place) ? Encoding.UTF8.GetString(ViewWriter.ToUtf8Bytes(entity, place, userId)) : entityJson;
    }
}
