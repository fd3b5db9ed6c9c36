using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Orleans.GameState.Views;

namespace Orleans.GameState.Engine;

/// <summary>
/// id → element of one entity array (characters, actors, items or currentEncounter.tokens), maintained incrementally.
/// An element counts as invalid unless its id is a string that keeps <see cref="IdRule"/> (the entry points' rule), so
/// every path that puts an entity into a state meets the one id rule at the O(1) shape check after the update.
/// </summary>
/// <remarks>
/// In the middle of an update an array may hold elements without a valid id, or two elements with one id (e.g. while
/// ids are being swapped); the index counts both so the check after the update is O(1): <see cref="Invalid"/> and
/// <see cref="Duplicates"/> must be zero.
/// </remarks>
internal sealed class EntityIndex(IdRule ids)
{
    private readonly Dictionary<string, Entry> _ids = new(StringComparer.Ordinal);

    /// <summary>Elements that are not objects with a string id that keeps the id rule.</summary>
    public int Invalid { get; private set; }

    /// <summary>Sum over ids of (number of elements holding it − 1).</summary>
    public int Duplicates { get; private set; }

    public int Count => _ids.Count;

    /// <summary>Elements whose <c>visibility</c> is not a valid marker (docs/views.md); zero after every update.</summary>
    public int InvalidVisibility { get; private set; }

    /// <summary>Elements hidden from some member: <c>visibility</c> "gm" or a list. Known without a scan, so that a state
    /// without hidden content costs views nothing.</summary>
    public int Restricted => _restricted.Count;

    /// <summary>The restricted elements, in no particular order.</summary>
    public IEnumerable<JsonObject> RestrictedElements => _restricted;

    private readonly HashSet<JsonObject> _restricted = new(ReferenceEqualityComparer.Instance);

    private static long s_stamps;

    /// <summary>Changes whenever a restricted element comes or goes (a process-wide counter, so never reused).</summary>
    public long RestrictedStamp { get; private set; }

    public IEnumerable<string> Ids => _ids.Keys;

    public static EntityIndex Build(JsonNode? arrayNode, IdRule ids)
    {
        var index = new EntityIndex(ids);
        if (arrayNode is JsonArray array)
        {
            foreach (var element in array)
            {
                index.Add(element);
            }
        }

        return index;
    }

    public bool Contains(string id) => _ids.ContainsKey(id);

    public bool TryGet(string id, out JsonObject? entity)
    {
        if (_ids.TryGetValue(id, out var entry))
        {
            entity = entry.First;
            return true;
        }

        entity = null;
        return false;
    }

    /// <summary>Indexes an element; returns its id, or null when it was counted as invalid.</summary>
    public string? Add(JsonNode? element)
    {
        if (TryGetValidId(element, out var id))
        {
            AddEntry(id, (JsonObject)element!);
            return id;
        }

        Invalid++;
        return null;
    }

    /// <summary>Removes what <see cref="Add"/> added for this element (it must not have changed in between).</summary>
    public string? Remove(JsonNode? element)
    {
        if (TryGetValidId(element, out var id))
        {
            RemoveEntry(id, (JsonObject)element!);
            return id;
        }

        Invalid--;
        return null;
    }

    private bool TryGetValidId(JsonNode? element, out string id) =>
        JsonValues.TryGetEntityId(element, out id) && ids.IsValid(id);

    /// <summary>Adds an entry recorded earlier (<paramref name="id"/> null: an invalid element).</summary>
    public void AddEntry(string? id, JsonObject? element)
    {
        if (id is null)
        {
            Invalid++;
            return;
        }

        CountVisibility(element!, +1);
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, id, out var exists);
        if (!exists)
        {
            entry.First = element!;
            return;
        }

        (entry.More ??= []).Add(element!);
        Duplicates++;
    }

    public void RemoveEntry(string? id, JsonObject? element)
    {
        if (id is null)
        {
            Invalid--;
            return;
        }

        CountVisibility(element!, -1);
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_ids, id);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
        {
            throw new InvalidOperationException($"The id index has no entry for '{id}'.");
        }

        if (entry.More is not { Count: > 0 } more)
        {
            _ids.Remove(id);
            return;
        }

        Duplicates--;
        if (ReferenceEquals(entry.First, element))
        {
            entry.First = more[^1];
            more.RemoveAt(more.Count - 1);
            return;
        }

        for (var i = more.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(more[i], element))
            {
                more.RemoveAt(i);
                return;
            }
        }

        throw new InvalidOperationException($"The id index does not hold this element for '{id}'.");
    }

    /// <summary>Counts the element's marker as it is now: it must not change while indexed (operations on
    /// <c>visibility</c> unindex the element first, like operations on <c>id</c>).</summary>
    private void CountVisibility(JsonObject element, int delta)
    {
        switch (EntityVisibility.Of(element))
        {
            case EntityVisibility.Kind.GmOnly or EntityVisibility.Kind.Listed:
                if (delta > 0)
                {
                    _restricted.Add(element);
                }
                else
                {
                    _restricted.Remove(element);
                }

                RestrictedStamp = Interlocked.Increment(ref s_stamps);

                break;
            case EntityVisibility.Kind.Invalid:
                InvalidVisibility += delta;
                break;
        }
    }

    /// <summary>The (id, element) pairs, duplicates included, for consistency checks.</summary>
    public IEnumerable<(string Id, JsonObject Element)> Entries()
    {
        foreach (var (id, entry) in _ids)
        {
            yield return (id, entry.First);
            if (entry.More is { } more)
            {
                foreach (var element in more)
                {
                    yield return (id, element);
                }
            }
        }
    }

    private struct Entry
    {
        public JsonObject First;
        public List<JsonObject>? More;
    }
}
