using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Views;

/// <summary>
/// Rewrites one update's operations, as the GM's view applied them, into a member's view (CONTRACT section 7).
/// <see cref="Prepare"/> runs before the update is applied, <see cref="For"/> after it, once per distinct view.
/// </summary>
/// <remarks>
/// <para>The operations are grouped into disjoint <em>regions</em> by their literal paths: one entity of an entity array
/// (when nothing in the update changes which elements that array holds, or any element's visibility, its indices and
/// visibilities stay put for the whole update), a whole entity array (otherwise), or a key under <c>pluginData</c> or
/// <c>currentEncounter</c>. A region touched by one operation, or by several that do not overlap (no path is a prefix of
/// another), is translated operation by operation: its paths and indices mapped to the member's view, its values and
/// <c>previous</c> filtered, operations inside what the member does not see dropped. Since nothing written there is
/// overwritten later in the update, nothing transient reaches the member.</para>
/// <para>Any other region (overlapping operations, several structural operations on one entity array, an operation
/// inside a <c>visibility</c> list) falls back to one <c>set</c> of the region: its view in the new state, with the view
/// of its value captured by <see cref="Prepare"/> before the update as <c>previous</c>. That is exact for the member
/// and carries only what the member sees at one of the two versions.</para>
/// <para>Costs: O(size of the operations' values) per view for the translated regions, plus, for an entity array that
/// holds restricted entities, one scan of that array per update (shared by all views) to locate them. A fallback region
/// costs O(its size) per view and once for the capture.</para>
/// </remarks>
public sealed class ViewRewrite
{
    private enum RegionKind : byte
    {
        Entity,
        Array,
        Plain,
    }

    private sealed class Region(RegionKind kind, int slot, string[] segments)
    {
        public RegionKind Kind { get; } = kind;

        public int Slot { get; } = slot;

        /// <summary>The region's own path: the entity (characters.3), the array, or the plain key.</summary>
        public string[] Segments { get; } = segments;

        public List<int> Operations { get; } = [];

        public bool Fallback { get; set; }

        public bool OldExists { get; set; }

        public JsonElement Old { get; set; }
    }

    private static readonly string[][] SlotSegments = [["characters"], ["actors"], ["items"], ["currentEncounter", "tokens"]];

    private readonly string[][] _segments;
    private readonly Region[] _regionOf;
    private readonly List<Region> _regions;
    private GameStateDocument? _after;
    private readonly List<(int Position, JsonObject Element)>?[] _restrictedPositions = new List<(int, JsonObject)>?[4];

    private ViewRewrite(string[][] segments, Region[] regionOf, List<Region> regions)
    {
        _segments = segments;
        _regionOf = regionOf;
        _regions = regions;
    }

    /// <summary>
    /// Looks at an update before it is applied to <paramref name="document"/> and captures what the rewrite will need of
    /// the old state. Null when no member's view can differ from the GM's, before or after: the state holds nothing
    /// hidden and no operation mentions <c>visibility</c> or <c>gmOnly</c> (then every member gets the GM's operations).
    /// </summary>
    public static ViewRewrite? Prepare(GameStateDocument document, IReadOnlyList<StateOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(operations);
        if (!document.HasHiddenContent && !MentionsMarkers(operations))
        {
            return null;
        }

        var segments = new string[operations.Count][];
        var wholeEncounter = false;
        var wholePlugin = false;
        for (var k = 0; k < operations.Count; k++)
        {
            segments[k] = operations[k].Path.Split('.');
            wholeEncounter |= operations[k].Path == "currentEncounter";
            wholePlugin |= operations[k].Path == "pluginData";
        }

        // Which entity arrays see a structural operation (on the array, on an element, on a visibility).
        var structural = new bool[4];
        for (var k = 0; k < segments.Length; k++)
        {
            if (SlotOf(segments[k], wholeEncounter) is var (slot, length) && slot >= 0 && IsArrayLevel(segments[k], length))
            {
                structural[slot] = true;
            }
        }

        var regions = new List<Region>();
        var byKey = new Dictionary<string, Region>(StringComparer.Ordinal);
        var regionOf = new Region[segments.Length];
        for (var k = 0; k < segments.Length; k++)
        {
            var s = segments[k];
            string key;
            RegionKind kind;
            int slot;
            string[] regionSegments;
            var (entitySlot, arrayLength) = SlotOf(s, wholeEncounter);
            if (entitySlot >= 0 && structural[entitySlot])
            {
                (kind, slot, regionSegments, key) = (RegionKind.Array, entitySlot, SlotSegments[entitySlot], "A" + entitySlot);
            }
            else if (entitySlot >= 0)
            {
                (kind, slot, regionSegments) = (RegionKind.Entity, entitySlot, s[..(arrayLength + 1)]);
                key = "E" + entitySlot + ":" + s[arrayLength];
            }
            else
            {
                var whole = s.Length == 1 || (s[0] == "currentEncounter" && wholeEncounter) || (s[0] == "pluginData" && wholePlugin);
                (kind, slot, regionSegments) = (RegionKind.Plain, -1, whole ? s[..1] : s[..2]);
                key = "N:" + string.Join('.', regionSegments);
            }

            if (!byKey.TryGetValue(key, out var region))
            {
                region = new Region(kind, slot, regionSegments);
                byKey.Add(key, region);
                regions.Add(region);
            }

            region.Operations.Add(k);
            regionOf[k] = region;
        }

        foreach (var region in regions)
        {
            region.Fallback = region.Kind == RegionKind.Array
                ? region.Operations.Count > 1 || !IsTranslatableArrayOperation(operations[region.Operations[0]], segments[region.Operations[0]], region.Segments.Length)
                : Overlaps(region.Operations.Select(k => segments[k]).ToList());
            if (region.Fallback && TryGetNode(document.Root, region.Segments, out var old))
            {
                region.OldExists = true;
                region.Old = JsonText.Snapshot(old, out _);
            }
        }

        return new ViewRewrite(segments, regionOf, regions);
    }

    /// <summary>
    /// The member's operations for the update just applied: applied to the member's view of the old state they give the
    /// member's view of <paramref name="after"/>. Empty when the member saw nothing change.
    /// </summary>
    /// <param name="applied">The update as applied, with <c>previous</c>.</param>
    /// <param name="after">The document right after the update (not changed since).</param>
    /// <param name="viewer">The member (not the GM).</param>
    public IReadOnlyList<StateOperation> For(AppliedUpdate applied, GameStateDocument after, string viewer)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(viewer);
        if (!ReferenceEquals(_after, after))
        {
            _after = after;
            Array.Clear(_restrictedPositions);
        }

        var result = new List<StateOperation>();
        var operations = applied.Operations;
        for (var k = 0; k < operations.Count; k++)
        {
            var region = _regionOf[k];
            if (!region.Fallback)
            {
                Translate(operations[k], _segments[k], region, viewer, result);
            }
        }

        foreach (var region in _regions)
        {
            if (region.Fallback)
            {
                EmitFallback(region, viewer, result);
            }
        }

        return result;
    }

    // ---- translation, operation by operation -----------------------------------------------------------------------

    private void Translate(StateOperation op, string[] s, Region region, string viewer, List<StateOperation> result)
    {
        if (Array.IndexOf(s, GmOnlyKeys.Key) >= 0)
        {
            return; // inside a gmOnly key: nothing the member sees
        }

        switch (region.Kind)
        {
            case RegionKind.Plain:
                EmitPlain(op.Path, op, ViewPlaces.Of(s), viewer, result);
                return;
            case RegionKind.Entity:
            {
                var length = region.Segments.Length - 1;
                var index = int.Parse(s[length], System.Globalization.CultureInfo.InvariantCulture);
                var array = _after!.EntityArray(region.Slot);
                if (array is null || index >= array.Count || !EntityVisibility.IsVisibleTo(array[index], viewer))
                {
                    return;
                }

                var mapped = (string[])s.Clone();
                mapped[length] = ViewIndex(region.Slot, index, viewer).ToString(System.Globalization.CultureInfo.InvariantCulture);
                EmitPlain(string.Join('.', mapped), op, ViewPlace.Other, viewer, result);
                return;
            }

            default:
                TranslateArrayOperation(op, s, region, viewer, result);
                return;
        }
    }

    /// <summary>An operation whose path and indices are the member's already: filter its values.</summary>
    private static void EmitPlain(string path, StateOperation op, ViewPlace place, string viewer, List<StateOperation> result)
    {
        switch (op.Operation)
        {
            case OperationKinds.Set:
                result.Add(new StateOperation(path, OperationKinds.Set, ViewWriter.View(op.Value, place, viewer), ViewWriter.View(op.Previous, place, viewer)));
                break;
            case OperationKinds.Unset:
                if (op.HasPrevious)
                {
                    result.Add(new StateOperation(path, OperationKinds.Unset, default, ViewWriter.View(op.Previous, place, viewer)));
                }

                break;
            case OperationKinds.Inc:
                result.Add(op with { Path = path });
                break;
            case OperationKinds.Push:
                result.Add(new StateOperation(path, OperationKinds.Push, ViewWriter.View(op.Value, ViewPlace.Other, viewer)));
                break;
            case OperationKinds.Pull:
                // Free-form arrays are never filtered, so the removed elements have the same indices in the view.
                var removed = op.Previous.EnumerateArray().ToList();
                for (var m = removed.Count - 1; m >= 0; m--)
                {
                    var index = removed[m].GetProperty("index").GetInt32();
                    result.Add(new StateOperation($"{path}.{index}", OperationKinds.Unset, default, ViewWriter.View(removed[m].GetProperty("value"), ViewPlace.Other, viewer)));
                }

                break;
        }
    }

    /// <summary>The one structural operation of an entity array in this update.</summary>
    private void TranslateArrayOperation(StateOperation op, string[] s, Region region, string viewer, List<StateOperation> result)
    {
        var slot = region.Slot;
        var arrayPath = string.Join('.', region.Segments);
        var length = region.Segments.Length;
        if (s.Length == length)
        {
            switch (op.Operation)
            {
                case OperationKinds.Push:
                    if (EntityVisibility.IsVisibleTo(op.Value, viewer))
                    {
                        result.Add(new StateOperation(arrayPath, OperationKinds.Push, ViewWriter.View(op.Value, ViewPlace.Other, viewer)));
                    }

                    return;
                case OperationKinds.Pull:
                    TranslateEntityPull(op, slot, arrayPath, viewer, result);
                    return;
                default:
                    EmitPlain(arrayPath, op, ViewPlace.EntityArray, viewer, result);
                    return;
            }
        }

        var index = int.Parse(s[length], System.Globalization.CultureInfo.InvariantCulture);
        if (s.Length == length + 1)
        {
            switch (op.Operation)
            {
                case OperationKinds.Set:
                {
                    var wasVisible = EntityVisibility.IsVisibleTo(op.Previous, viewer);
                    var isVisible = EntityVisibility.IsVisibleTo(op.Value, viewer);
                    if (wasVisible && isVisible)
                    {
                        result.Add(new StateOperation(ElementPath(arrayPath, slot, index, viewer), OperationKinds.Set,
                            ViewWriter.View(op.Value, ViewPlace.Other, viewer), ViewWriter.View(op.Previous, ViewPlace.Other, viewer)));
                    }
                    else if (wasVisible)
                    {
                        result.Add(new StateOperation(ElementPath(arrayPath, slot, index, viewer), OperationKinds.Unset, default, ViewWriter.View(op.Previous, ViewPlace.Other, viewer)));
                    }
                    else if (isVisible)
                    {
                        EmitReveal(slot, arrayPath, index, viewer, result);
                    }

                    return;
                }

                case OperationKinds.Unset:
                    if (op.HasPrevious && EntityVisibility.IsVisibleTo(op.Previous, viewer))
                    {
                        result.Add(new StateOperation(ElementPath(arrayPath, slot, index, viewer), OperationKinds.Unset, default, ViewWriter.View(op.Previous, ViewPlace.Other, viewer)));
                    }

                    return;
                default:
                    return; // on an element, only set and unset can succeed and change something
            }
        }

        // set or unset of exactly <array>.<i>.visibility (anything deeper fell back in Prepare).
        var array = _after!.EntityArray(slot);
        if (array is null || index >= array.Count || (op.Operation == OperationKinds.Unset && !op.HasPrevious))
        {
            return;
        }

        var element = (JsonObject)array[index]!;
        var wasShown = !op.HasPrevious || IsAdmitted(op.Previous, viewer);
        var isShown = EntityVisibility.IsVisibleTo(element, viewer);
        if (wasShown && isShown)
        {
            EmitPlain($"{ElementPath(arrayPath, slot, index, viewer)}.{EntityVisibility.Key}", op, ViewPlace.Other, viewer, result);
        }
        else if (wasShown)
        {
            var old = ElementWithMarker(element, op.HasPrevious, op.Previous);
            result.Add(new StateOperation(ElementPath(arrayPath, slot, index, viewer), OperationKinds.Unset, default, ViewWriter.View(old, ViewPlace.Other, viewer)));
        }
        else if (isShown)
        {
            EmitReveal(slot, arrayPath, index, viewer, result);
        }
    }

    /// <summary>
    /// The element at <paramref name="index"/> became visible: appended when it is the member's last visible element,
    /// otherwise the member's whole array is set (there is no insert operation).
    /// </summary>
    private void EmitReveal(int slot, string arrayPath, int index, string viewer, List<StateOperation> result)
    {
        var array = _after!.EntityArray(slot)!;
        var viewIndex = ViewIndex(slot, index, viewer);
        var element = JsonText.Snapshot(array[index], out _);
        if (viewIndex == VisibleCount(slot, viewer) - 1)
        {
            result.Add(new StateOperation(arrayPath, OperationKinds.Push, ViewWriter.View(element, ViewPlace.Other, viewer)));
            return;
        }

        var whole = JsonText.Snapshot(array, out _);
        var before = JsonText.Build((whole, viewer, index), static (writer, state) =>
        {
            writer.WriteStartArray();
            var i = 0;
            foreach (var item in state.whole.EnumerateArray())
            {
                if (i++ != state.index && EntityVisibility.IsVisibleTo(item, state.viewer))
                {
                    ViewWriter.Write(writer, item, ViewPlace.Other, state.viewer);
                }
            }

            writer.WriteEndArray();
        });
        result.Add(new StateOperation(arrayPath, OperationKinds.Set, ViewWriter.View(whole, ViewPlace.EntityArray, viewer), before));
    }

    /// <summary>A pull on an entity array: one unset per removed element the member saw, from the last to the first.</summary>
    private void TranslateEntityPull(StateOperation op, int slot, string arrayPath, string viewer, List<StateOperation> result)
    {
        var removed = op.Previous.EnumerateArray().Select(r => (Index: r.GetProperty("index").GetInt32(), Value: r.GetProperty("value"))).ToList();
        var hiddenRemovedBefore = new int[removed.Count];
        for (var m = 1; m < removed.Count; m++)
        {
            hiddenRemovedBefore[m] = hiddenRemovedBefore[m - 1] + (EntityVisibility.IsVisibleTo(removed[m - 1].Value, viewer) ? 0 : 1);
        }

        for (var m = removed.Count - 1; m >= 0; m--)
        {
            var (index, value) = removed[m];
            if (!EntityVisibility.IsVisibleTo(value, viewer))
            {
                continue;
            }

            // Before the pull, the elements in front of this one were the m removed ones and the kept ones now in front of index - m.
            var hiddenBefore = HiddenBefore(slot, index - m, viewer) + hiddenRemovedBefore[m];
            var viewIndex = index - hiddenBefore;
            result.Add(new StateOperation($"{arrayPath}.{viewIndex}", OperationKinds.Unset, default, ViewWriter.View(value, ViewPlace.Other, viewer)));
        }
    }

    // ---- fallback: one set of the region --------------------------------------------------------------------------

    private void EmitFallback(Region region, string viewer, List<StateOperation> result)
    {
        if (Array.IndexOf(region.Segments, GmOnlyKeys.Key) >= 0)
        {
            return;
        }

        var place = region.Kind == RegionKind.Entity ? ViewPlace.Other : ViewPlaces.Of(region.Segments);
        var path = string.Join('.', region.Segments);
        if (region.Kind == RegionKind.Entity)
        {
            var length = region.Segments.Length - 1;
            var index = int.Parse(region.Segments[length], System.Globalization.CultureInfo.InvariantCulture);
            var array = _after!.EntityArray(region.Slot);
            if (array is null || index >= array.Count || !EntityVisibility.IsVisibleTo(array[index], viewer))
            {
                return;
            }

            path = ElementPath(string.Join('.', region.Segments[..length]), region.Slot, index, viewer);
        }

        var newExists = TryGetNode(_after!.Root, region.Segments, out var now);
        var oldView = region.OldExists ? ViewWriter.View(region.Old, place, viewer) : default;
        if (!newExists)
        {
            if (region.OldExists)
            {
                result.Add(new StateOperation(path, OperationKinds.Unset, default, oldView));
            }

            return;
        }

        var newView = ViewWriter.View(JsonText.Snapshot(now, out _), place, viewer);
        if (region.OldExists && oldView.GetRawText() == newView.GetRawText())
        {
            return;
        }

        result.Add(new StateOperation(path, OperationKinds.Set, newView, oldView));
    }

    // ---- indices in the member's view -----------------------------------------------------------------------------

    private string ElementPath(string arrayPath, int slot, int index, string viewer) =>
        $"{arrayPath}.{ViewIndex(slot, index, viewer)}";

    private int ViewIndex(int slot, int index, string viewer) => index - HiddenBefore(slot, index, viewer);

    private int VisibleCount(int slot, string viewer)
    {
        var array = _after!.EntityArray(slot);
        return array is null ? 0 : array.Count - HiddenBefore(slot, array.Count, viewer);
    }

    /// <summary>Elements hidden from the member among the first <paramref name="count"/> of the array in the new state.</summary>
    private int HiddenBefore(int slot, int count, string viewer)
    {
        if (_after!.RestrictedCount(slot) == 0)
        {
            return 0;
        }

        var positions = _restrictedPositions[slot] ??= LocateRestricted(_after.EntityArray(slot));
        var hidden = 0;
        foreach (var (position, element) in positions)
        {
            if (position >= count)
            {
                break;
            }

            if (!EntityVisibility.IsVisibleTo(element, viewer))
            {
                hidden++;
            }
        }

        return hidden;
    }

    private static List<(int, JsonObject)> LocateRestricted(JsonArray? array)
    {
        var positions = new List<(int, JsonObject)>();
        if (array is null)
        {
            return positions;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject element && EntityVisibility.Of(element) is EntityVisibility.Kind.GmOnly or EntityVisibility.Kind.Listed)
            {
                positions.Add((i, element));
            }
        }

        return positions;
    }

    // ---- the pre-pass ----------------------------------------------------------------------------------------------

    /// <summary>The entity slot a path is in (-1 when none) and the number of segments naming the array.</summary>
    private static (int Slot, int Length) SlotOf(string[] s, bool wholeEncounter) => s[0] switch
    {
        "characters" => (0, 1),
        "actors" => (1, 1),
        "items" => (2, 1),
        "currentEncounter" when !wholeEncounter && s.Length >= 2 && s[1] == "tokens" => (3, 2),
        _ => (-1, 0),
    };

    private static bool IsArrayLevel(string[] s, int length) =>
        s.Length <= length + 1 || s[length + 1] == EntityVisibility.Key;

    /// <summary>Whether the single structural operation of an array can be translated exactly (else: fallback).</summary>
    private static bool IsTranslatableArrayOperation(StateOperation op, string[] s, int length) =>
        s.Length <= length + 1
        || (s.Length == length + 2 && op.Operation is OperationKinds.Set or OperationKinds.Unset);

    /// <summary>Whether one path is a prefix of (or equal to) another: then a later operation may overwrite what an
    /// earlier one wrote, and only the end result may reach members.</summary>
    private static bool Overlaps(List<string[]> paths)
    {
        if (paths.Count < 2)
        {
            return false;
        }

        paths.Sort(CompareSegments);
        for (var i = 1; i < paths.Count; i++)
        {
            var (a, b) = (paths[i - 1], paths[i]);
            if (a.Length <= b.Length && a.AsSpan().SequenceEqual(b.AsSpan(0, a.Length)))
            {
                return true;
            }
        }

        return false;
    }

    private static int CompareSegments(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static bool MentionsMarkers(IReadOnlyList<StateOperation> operations)
    {
        foreach (var op in operations)
        {
            if (op.Path.Contains(GmOnlyKeys.Key, StringComparison.Ordinal)
                || op.Path.Contains(EntityVisibility.Key, StringComparison.Ordinal)
                || HasMarkerKey(op.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasMarkerKey(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (property.NameEquals(GmOnlyKeys.Key) || property.NameEquals(EntityVisibility.Key) || HasMarkerKey(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (HasMarkerKey(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool TryGetNode(JsonNode root, string[] segments, out JsonNode? node)
    {
        node = root;
        foreach (var segment in segments)
        {
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    node = child;
                    break;
                case JsonArray array when int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < array.Count:
                    node = array[index];
                    break;
                default:
                    node = null;
                    return false;
            }
        }

        return true;
    }

    /// <summary>Whether a marker value (present) admits the member.</summary>
    private static bool IsAdmitted(JsonElement marker, string viewer) => marker.ValueKind switch
    {
        JsonValueKind.String => marker.ValueEquals(EntityVisibility.All),
        JsonValueKind.Array => marker.EnumerateArray().Any(u => u.ValueKind == JsonValueKind.String && u.ValueEquals(viewer)),
        _ => false,
    };

    /// <summary>The element as it was before its marker changed: the same object with the old marker (or none).</summary>
    private static JsonElement ElementWithMarker(JsonObject element, bool hadMarker, JsonElement marker) =>
        JsonText.Build((element, hadMarker, marker), static (writer, state) =>
        {
            writer.WriteStartObject();
            var written = false;
            foreach (var (key, value) in state.element)
            {
                if (key != EntityVisibility.Key)
                {
                    writer.WritePropertyName(key);
                    JsonText.Write(value, writer);
                }
                else if (state.hadMarker)
                {
                    writer.WritePropertyName(key);
                    state.marker.WriteTo(writer);
                    written = true;
                }
            }

            if (state.hadMarker && !written)
            {
                writer.WritePropertyName(EntityVisibility.Key);
                state.marker.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
}
