using System.Text.Json.Nodes;

namespace Orleans.GameState.Engine;

/// <summary>
/// The inverse of every change an update made, in order: rolling back replays it backwards, which restores the
/// document byte for byte (the very same nodes go back to the very same positions) and the id indexes with it.
/// </summary>
internal sealed class UndoLog
{
    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public void KeyAdded(JsonObject obj, string key) => _entries.Add(new(Kind.KeyAdded, obj, key, 0, null, null));

    public void KeyReplaced(JsonObject obj, int position, JsonNode? old) => _entries.Add(new(Kind.KeyReplaced, obj, null, position, old, null));

    public void KeyRemoved(JsonObject obj, int position, string key, JsonNode? old) => _entries.Add(new(Kind.KeyRemoved, obj, key, position, old, null));

    public void ElementAppended(JsonArray array) => _entries.Add(new(Kind.ElementAppended, array, null, 0, null, null));

    public void ElementReplaced(JsonArray array, int position, JsonNode? old) => _entries.Add(new(Kind.ElementReplaced, array, null, position, old, null));

    public void ElementRemoved(JsonArray array, int position, JsonNode? old) => _entries.Add(new(Kind.ElementRemoved, array, null, position, old, null));

    public void IndexAdded(EntityIndex index, string? id, JsonNode? element) => _entries.Add(new(Kind.IndexAdded, element, id, 0, null, index));

    public void IndexRemoved(EntityIndex index, string? id, JsonNode? element) => _entries.Add(new(Kind.IndexRemoved, element, id, 0, null, index));

    public void IndexSwapped(int slot, EntityIndex old) => _entries.Add(new(Kind.IndexSwapped, null, null, slot, null, old));

    /// <summary>Undoes every entry after <paramref name="mark"/>, newest first.</summary>
    public void RollbackTo(int mark, EntityIndex[] indexes)
    {
        for (var i = _entries.Count - 1; i >= mark; i--)
        {
            var e = _entries[i];
            switch (e.Kind)
            {
                case Kind.KeyAdded:
                    ((JsonObject)e.Target!).Remove(e.Key!);
                    break;
                case Kind.KeyReplaced:
                    ((JsonObject)e.Target!).SetAt(e.Position, e.Node);
                    break;
                case Kind.KeyRemoved:
                    ((JsonObject)e.Target!).Insert(e.Position, e.Key!, e.Node);
                    break;
                case Kind.ElementAppended:
                {
                    var array = (JsonArray)e.Target!;
                    array.RemoveAt(array.Count - 1);
                    break;
                }

                case Kind.ElementReplaced:
                    ((JsonArray)e.Target!)[e.Position] = e.Node;
                    break;
                case Kind.ElementRemoved:
                    ((JsonArray)e.Target!).Insert(e.Position, e.Node);
                    break;
                case Kind.IndexAdded:
                    e.Index!.RemoveEntry(e.Key, e.Target as JsonObject);
                    break;
                case Kind.IndexRemoved:
                    e.Index!.AddEntry(e.Key, e.Target as JsonObject);
                    break;
                case Kind.IndexSwapped:
                    indexes[e.Position] = e.Index!;
                    break;
            }

            _entries.RemoveAt(i);
        }
    }

    /// <summary>Forgets everything (the update can no longer be undone), releasing the old values.</summary>
    public void Clear() => _entries.Clear();

    private enum Kind : byte
    {
        KeyAdded,
        KeyReplaced,
        KeyRemoved,
        ElementAppended,
        ElementReplaced,
        ElementRemoved,
        IndexAdded,
        IndexRemoved,
        IndexSwapped,
    }

    /// <summary>Target: the container changed (or the element indexed); Node: the value to put back.</summary>
    private readonly record struct Entry(Kind Kind, JsonNode? Target, string? Key, int Position, JsonNode? Node, EntityIndex? Index);
}
