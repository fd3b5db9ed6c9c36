using System.Text;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Views;

/// <summary>
/// Which members share a view. Two members see the same state exactly when the same restricted entities name them
/// (an entity with <c>visibility: "gm"</c> hides from all alike, gmOnly keys too), so a member's class is the list
/// of listed entities that name them; members no list names all share the empty class, usually everyone. Lists name
/// user ids, not members: a user named before joining reads the history of the view they had, so classes cover every
/// named user.
/// </summary>
public static class ViewClasses
{
    /// <summary>The class of every user a visibility list names, member or not; users not in the answer are in the
    /// empty class "". O(restricted entities × their lists).</summary>
    public static IReadOnlyDictionary<string, string> Of(GameStateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var named = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (slot, element) in document.RestrictedEntities())
        {
            if (!JsonValues.TryGetEntityId(element, out var id))
            {
                continue;
            }

            foreach (var user in EntityVisibility.ListedUsers(element))
            {
                if (!named.TryGetValue(user, out var entities))
                {
                    named[user] = entities = [];
                }

                entities.Add(slot + ":" + id.Length + ":" + id);
            }
        }

        var classes = new Dictionary<string, string>(named.Count, StringComparer.Ordinal);
        foreach (var (user, entities) in named)
        {
            entities.Sort(StringComparer.Ordinal);
            var key = new StringBuilder();
            foreach (var entity in entities)
            {
                key.Append(entity).Append('|');
            }

            classes[user] = key.ToString();
        }

        return classes;
    }

    /// <summary>The class of one member in a map from <see cref="Of"/>.</summary>
    public static string ClassOf(IReadOnlyDictionary<string, string> classes, string user) =>
        classes.TryGetValue(user, out var key) ? key : string.Empty;
}
