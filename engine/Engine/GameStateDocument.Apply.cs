using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Views;

namespace Orleans.GameState.Engine;

public sealed partial class GameStateDocument
{
    private static readonly JsonElement EmptyArrayElement = JsonText.ToElement("[]"u8);

    // The update being applied: its undo log and the backing models it touched so far.
    private UndoLog _log = new();
    private UndoLog? _spareLog;
    private Dictionary<EntityRef, bool>? _touched;
    private List<EntityRef>? _touchedOrder;

    /// <summary>
    /// Applies an update: all operations in order, or none. On success the version advances by one and the result
    /// carries the operations as applied (with previous) and the touched backing models; on failure the document is
    /// byte-for-byte what it was and the result carries a VALIDATION_ERROR naming the offending path and rule.
    /// </summary>
    /// <param name="allowEmpty">Accept an empty operation list (still a new version): a revert to a state equal to the
    /// current one, and the replay of such a revert from the log. Clients' updates never may be empty.</param>
    public ApplyResult Apply(IReadOnlyList<StateOperation> operations, long lastUpdated, bool allowEmpty = false)
    {
        if (OperationChecks.Check(operations, Limits, out var parsed, allowEmpty) is { } invalid)
        {
            return new ApplyResult(null, invalid);
        }

        if (_version == long.MaxValue)
        {
            return new ApplyResult(null, OperationChecks.Invalid("stateVersion: cannot advance any further"));
        }

        var log = _spareLog ?? new UndoLog();
        _spareLog = null;
        _log = log;
        _touched = null;
        _touchedOrder = null;

        var sizeBefore = _size;
        var gmOnlyBefore = _gmOnlyKeys;
        var applied = new StateOperation[parsed.Length];
        var current = 0;
        try
        {
            for (; current < parsed.Length; current++)
            {
                applied[current] = ApplyOperation(operations[current], parsed[current]);
            }

            CheckShape();

            var newVersion = _version + 1;
            ReplaceRootValue(StateVersionKey, JsonValue.Create(FormatInvariant(newVersion)));
            ReplaceRootValue(LastUpdatedKey, JsonValue.Create(lastUpdated));
            if (_size > Limits.MaxStateBytes && _size > sizeBefore)
            {
                throw new OperationException("state", $"the update would make the state {_size} bytes, over the limit of {Limits.MaxStateBytes} bytes");
            }
        }
        catch (OperationException e)
        {
            Rollback(log, sizeBefore, gmOnlyBefore);
            var message = current < parsed.Length ? $"{e.Message} (operations[{current}])" : e.Message;
            return new ApplyResult(null, OperationChecks.Invalid(message));
        }
        catch
        {
            Rollback(log, sizeBefore, gmOnlyBefore);
            throw;
        }

        var update = new AppliedUpdate(
            applied, _version, _version + 1, CollectTouched(), log, _lastUpdated, sizeBefore)
        {
            PreviousGmOnlyKeys = gmOnlyBefore,
        };
        _touched = null;
        _touchedOrder = null;

        // Only the newest update can be undone: the previous one's log is no longer needed.
        if (_last?.UndoLog is { } superseded)
        {
            superseded.Clear();
            _spareLog = superseded;
            _last.UndoLog = null;
        }

        _last = update;
        _version++;
        _lastUpdated = lastUpdated;
        return new ApplyResult(update, null);
    }

    /// <summary>
    /// Exactly reverses <paramref name="applied"/>, which must be the most recent successful update of this document
    /// (and not undone yet): the JSON is byte-identical to before it, Version and LastUpdated are restored.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="applied"/> is not the most recent update.</exception>
    public void Undo(AppliedUpdate applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        if (!ReferenceEquals(applied, _last) || applied.UndoLog is not { } log)
        {
            throw new InvalidOperationException("Only the most recent successful update of this document can be undone, and only once.");
        }

        log.RollbackTo(0, _indexes);
        _version = applied.PreviousVersion;
        _lastUpdated = applied.PreviousLastUpdated;
        _size = applied.PreviousSizeBytes;
        _gmOnlyKeys = applied.PreviousGmOnlyKeys;
        applied.UndoLog = null;
        _last = null;
        _spareLog = log;
    }

    private void Rollback(UndoLog log, long sizeBefore, long gmOnlyBefore)
    {
        log.RollbackTo(0, _indexes);
        _size = sizeBefore;
        _gmOnlyKeys = gmOnlyBefore;
        _touched = null;
        _touchedOrder = null;
        _spareLog = log;
    }

    private void ReplaceRootValue(string key, JsonNode node)
    {
        var position = _root.IndexOf(key);
        var old = _root.GetAt(position).Value;
        ReplaceKey(_root, position, old, JsonText.Measure(old), node);
    }

    // ---- one operation -------------------------------------------------------------------------------------------

    private enum EntityMode : byte
    {
        /// <summary>The operation cannot change any id index.</summary>
        None,

        /// <summary>On the entity array itself.</summary>
        Whole,

        /// <summary>On currentEncounter as a whole: whatever happens, the tokens index is rebuilt.</summary>
        Rebuild,

        /// <summary>On one element: <c>characters.3</c>.</summary>
        Element,

        /// <summary>On an element's id or visibility, which the index mirrors: <c>characters.3.id</c> (or below).</summary>
        Id,

        /// <summary>Elsewhere inside an element: <c>characters.3.hp</c>. Changes the entity, not the index.</summary>
        Deep,
    }

    private readonly record struct EntityPlan(EntityMode Mode, int Slot, JsonArray? Array, int Index, JsonNode? Element);

    private readonly record struct Outcome(JsonElement Previous, JsonNode? Appended, List<JsonNode?>? Removed);

    private StateOperation ApplyOperation(StateOperation op, ParsedOperation parsed)
    {
        var segments = parsed.Segments;
        var kind = parsed.Kind;
        var plan = PlanEntities(segments);
        var inEncounter = segments[0] == CurrentEncounterKey;
        var encounterBefore = inEncounter ? EncounterIds() : default;

        var mark = _log.Count;
        string? oldId = null;
        if (plan.Mode is EntityMode.Element or EntityMode.Id)
        {
            oldId = Unindex(plan.Slot, plan.Element);
        }

        var markAfterUnindex = _log.Count;
        var outcome = Execute(kind, segments, op);

        if (_log.Count == markAfterUnindex)
        {
            // A no-op (unset or pull of something absent): put the index back as it was, touch nothing.
            _log.RollbackTo(mark, _indexes);
        }
        else
        {
            AfterChange(plan, kind, oldId, outcome);
            if (inEncounter)
            {
                TouchEncounter(segments, encounterBefore);
            }
        }

        // As applied: previous from the engine (the client's is ignored); unset carries no value.
        var value = kind == OpKind.Unset ? default : op.Value.Clone();
        return new StateOperation(op.Path, op.Operation, value, outcome.Previous);
    }

    private EntityPlan PlanEntities(string[] segments)
    {
        int slot;
        int arrayLength;
        switch (segments[0])
        {
            case CharactersKey:
                slot = 0;
                arrayLength = 1;
                break;
            case ActorsKey:
                slot = 1;
                arrayLength = 1;
                break;
            case ItemsKey:
                slot = 2;
                arrayLength = 1;
                break;
            case CurrentEncounterKey:
                if (segments.Length == 1)
                {
                    return new EntityPlan(EntityMode.Rebuild, TokensSlot, null, 0, null);
                }

                if (segments[1] != TokensKey)
                {
                    return default;
                }

                slot = TokensSlot;
                arrayLength = 2;
                break;
            default:
                return default;
        }

        if (segments.Length == arrayLength)
        {
            return new EntityPlan(EntityMode.Whole, slot, null, 0, null);
        }

        if (SlotArray(slot) is not JsonArray array
            || !StatePath.TryParseIndex(segments[arrayLength], out var index)
            || index >= array.Count)
        {
            // Nothing indexed is reachable this way: the operation fails, is a no-op, or builds a non-array.
            return default;
        }

        var mode = segments.Length == arrayLength + 1 ? EntityMode.Element
            : segments[arrayLength + 1] is "id" or Views.EntityVisibility.Key ? EntityMode.Id
            : EntityMode.Deep;
        return new EntityPlan(mode, slot, array, index, array[index]);
    }

    /// <summary>Brings the id index and the touched set up to date after an operation that changed something.</summary>
    private void AfterChange(EntityPlan plan, OpKind kind, string? oldId, Outcome outcome)
    {
        var slot = plan.Slot;
        switch (plan.Mode)
        {
            case EntityMode.Whole or EntityMode.Rebuild:
                if (plan.Mode == EntityMode.Whole && kind == OpKind.Push)
                {
                    var presentBefore = JsonValues.TryGetEntityId(outcome.Appended, out var newId) && _indexes[slot].Contains(newId);
                    if (Index(slot, outcome.Appended) is { } id)
                    {
                        Touch(slot, id, presentBefore);
                    }
                }
                else if (plan.Mode == EntityMode.Whole && kind == OpKind.Pull)
                {
                    foreach (var removed in outcome.Removed!)
                    {
                        if (Unindex(slot, removed) is { } id)
                        {
                            Touch(slot, id, presentBefore: true);
                        }
                    }
                }
                else
                {
                    // The array was replaced (or currentEncounter was): rebuild, O(old + new).
                    var old = _indexes[slot];
                    var rebuilt = EntityIndex.Build(SlotArray(slot), _ids);
                    _indexes[slot] = rebuilt;
                    _log.IndexSwapped(slot, old);
                    if (slot < TokensSlot)
                    {
                        foreach (var id in old.Ids)
                        {
                            Touch(slot, id, presentBefore: true);
                        }

                        foreach (var id in rebuilt.Ids)
                        {
                            Touch(slot, id, old.Contains(id));
                        }
                    }
                }

                break;

            case EntityMode.Element:
            case EntityMode.Id:
            {
                if (oldId is not null)
                {
                    Touch(slot, oldId, presentBefore: true);
                }

                if (plan.Mode == EntityMode.Element && kind == OpKind.Unset)
                {
                    break;
                }

                var element = plan.Mode == EntityMode.Id ? plan.Element : plan.Array![plan.Index];
                var presentBefore = JsonValues.TryGetEntityId(element, out var newId)
                    && (newId == oldId || _indexes[slot].Contains(newId));
                if (Index(slot, element) is { } id)
                {
                    Touch(slot, id, presentBefore);
                }

                break;
            }

            case EntityMode.Deep:
                if (JsonValues.TryGetEntityId(plan.Element, out var entityId))
                {
                    Touch(slot, entityId, presentBefore: true);
                }

                break;
        }
    }

    private string? Index(int slot, JsonNode? element)
    {
        var index = _indexes[slot];
        var id = index.Add(element);
        _log.IndexAdded(index, id, element);
        return id;
    }

    private string? Unindex(int slot, JsonNode? element)
    {
        var index = _indexes[slot];
        var id = index.Remove(element);
        _log.IndexRemoved(index, id, element);
        return id;
    }

    // ---- touched backing models ----------------------------------------------------------------------------------

    /// <summary>Records a touched entity; <paramref name="presentBefore"/> says whether it existed before this
    /// operation, which for the first touch is whether it existed before the update.</summary>
    private void Touch(string kind, string id, bool presentBefore)
    {
        _touched ??= [];
        var entity = new EntityRef(kind, id);
        if (_touched.TryAdd(entity, presentBefore))
        {
            (_touchedOrder ??= []).Add(entity);
        }
    }

    private void Touch(int slot, string id, bool presentBefore)
    {
        if (slot < TokensSlot)
        {
            Touch(SlotKinds[slot], id, presentBefore);
        }
    }

    private (string? Encounter, string? Map) EncounterIds()
    {
        if (_root[CurrentEncounterKey] is not JsonObject current)
        {
            return default;
        }

        current.TryGetPropertyValue(EncounterKey, out var encounter);
        current.TryGetPropertyValue(MapKey, out var map);
        return (JsonValues.TryGetEntityId(encounter, out var encounterId) ? encounterId : null,
            JsonValues.TryGetEntityId(map, out var mapId) ? mapId : null);
    }

    /// <summary>tokens are stored on the encounter; the map is its own backing model.</summary>
    private void TouchEncounter(string[] segments, (string? Encounter, string? Map) before)
    {
        var after = EncounterIds();
        if (segments.Length == 1 || segments[1] is EncounterKey or TokensKey)
        {
            TouchPair(EntityKinds.Encounters, before.Encounter, after.Encounter);
        }

        if (segments.Length == 1 || segments[1] == MapKey)
        {
            TouchPair(EntityKinds.Maps, before.Map, after.Map);
        }

        void TouchPair(string kind, string? old, string? now)
        {
            if (old is not null)
            {
                Touch(kind, old, presentBefore: true);
            }

            if (now is not null)
            {
                Touch(kind, now, presentBefore: now == old);
            }
        }
    }

    /// <summary>Touched entities that exist before or after the update (not ones that came and went within it).</summary>
    private EntityRef[] CollectTouched()
    {
        if (_touchedOrder is not { } order)
        {
            return [];
        }

        var encounter = EncounterIds();
        var result = new List<EntityRef>(order.Count);
        foreach (var entity in order)
        {
            var keep = _touched![entity] || entity.Kind switch
            {
                EntityKinds.Characters => _indexes[0].Contains(entity.Id),
                EntityKinds.Actors => _indexes[1].Contains(entity.Id),
                EntityKinds.Items => _indexes[2].Contains(entity.Id),
                EntityKinds.Encounters => entity.Id == encounter.Encounter,
                EntityKinds.Maps => entity.Id == encounter.Map,
                _ => true,
            };
            if (keep)
            {
                result.Add(entity);
            }
        }

        return [.. result];
    }

    // ---- the operations themselves -------------------------------------------------------------------------------

    private Outcome Execute(OpKind kind, string[] segments, StateOperation op)
    {
        var path = op.Path;
        var creates = kind is OpKind.Set or OpKind.Inc or OpKind.Push;

        // Walk to the parent of the target, creating missing object keys for set, inc and push.
        JsonNode current = _root;
        for (var k = 0; k < segments.Length - 1; k++)
        {
            var segment = segments[k];
            JsonNode? child;
            if (current is JsonObject obj)
            {
                if (!obj.TryGetPropertyValue(segment, out child))
                {
                    if (!creates)
                    {
                        return NoOp(kind);
                    }

                    var created = new JsonObject();
                    AddKey(obj, segment, created);
                    child = created;
                }
            }
            else
            {
                var array = (JsonArray)current;
                var index = ArrayIndex(segments, k, path);
                if (index >= array.Count)
                {
                    if (!creates)
                    {
                        return NoOp(kind);
                    }

                    throw OutOfRange(array, segments, k, path);
                }

                child = array[index];
            }

            if (child is not (JsonObject or JsonArray))
            {
                throw new OperationException(path, $"'{StatePath.Prefix(segments, k + 1)}' is {JsonValues.KindName(child)}, so it has no '{segments[k + 1]}'");
            }

            current = child;
        }

        // The target: an object key or an array element.
        var last = segments[^1];
        var parentObject = current as JsonObject;
        var parentArray = current as JsonArray;
        var position = 0;
        JsonNode? target = null;
        bool exists;
        if (parentObject is not null)
        {
            position = parentObject.IndexOf(last);
            exists = position >= 0;
            if (exists)
            {
                target = parentObject.GetAt(position).Value;
            }
        }
        else
        {
            position = ArrayIndex(segments, segments.Length - 1, path);
            exists = position < parentArray!.Count;
            if (exists)
            {
                target = parentArray[position];
            }
            else if (creates)
            {
                throw OutOfRange(parentArray, segments, segments.Length - 1, path);
            }
        }

        var maxValueDepth = JsonText.MaxWrittenDepth - segments.Length - 1;
        switch (kind)
        {
            case OpKind.Set:
            {
                var value = JsonValues.Copy(op.Value, path, maxValueDepth);
                if (!exists)
                {
                    AddKey(parentObject!, last, value);
                    return default;
                }

                var previous = JsonText.Snapshot(target, out var oldSize);
                Replace(parentObject, parentArray, position, target, oldSize, value);
                return new Outcome(previous, null, null);
            }

            case OpKind.Unset:
            {
                if (!exists)
                {
                    return default;
                }

                var previous = JsonText.Snapshot(target, out var oldSize);
                if (parentObject is not null)
                {
                    RemoveKey(parentObject, position, last, target, oldSize);
                }
                else
                {
                    RemoveElement(parentArray!, position, target, oldSize);
                }

                return new Outcome(previous, null, null);
            }

            case OpKind.Inc:
            {
                if (!exists)
                {
                    AddKey(parentObject!, last, JsonValues.Copy(op.Value, path, maxValueDepth));
                    return default;
                }

                if (!JsonValues.TryReadNumber(target, out var before))
                {
                    throw new OperationException(path, $"inc needs a number here, found {JsonValues.KindName(target)}");
                }

                var byText = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(op.Value);
                var by = JsonValues.ParseNumber(byText);
                if (JsonValues.IsIntegerBeyond64Bits(byText, by) || JsonValues.IsIntegerBeyond64Bits(JsonText.NumberText((JsonValue)target!), before))
                {
                    // Integer plus integer is 64-bit integer arithmetic; an integer that does not fit cannot take part.
                    throw new OperationException(path, "inc of an integer outside the 64-bit range");
                }

                JsonValues.Number result;
                if (before.IsInteger && by.IsInteger)
                {
                    long sum;
                    try
                    {
                        sum = checked(before.Integer + by.Integer);
                    }
                    catch (OverflowException)
                    {
                        throw new OperationException(path, "inc overflows a 64-bit integer");
                    }

                    result = new JsonValues.Number(true, sum, sum);
                }
                else
                {
                    var sum = before.AsDouble + by.AsDouble;
                    if (!double.IsFinite(sum))
                    {
                        throw new OperationException(path, "inc result is not a finite number");
                    }

                    result = new JsonValues.Number(false, 0, sum);
                }

                var previous = JsonText.Snapshot(target, out var oldSize);
                Replace(parentObject, parentArray, position, target, oldSize, JsonValues.NumberNode(result));
                return new Outcome(previous, null, null);
            }

            case OpKind.Push:
            {
                if (exists && target is not JsonArray)
                {
                    throw new OperationException(path, $"push needs an array here, found {JsonValues.KindName(target)}");
                }

                var value = JsonValues.Copy(op.Value, path, maxValueDepth - 1);
                if (!exists)
                {
                    AddKey(parentObject!, last, new JsonArray(value));
                }
                else
                {
                    Append((JsonArray)target!, value);
                }

                return new Outcome(default, value, null);
            }

            case OpKind.Pull:
            {
                if (!exists)
                {
                    return new Outcome(EmptyArrayElement, null, null);
                }

                if (target is not JsonArray array)
                {
                    throw new OperationException(path, $"pull needs an array here, found {JsonValues.KindName(target)}");
                }

                return Pull(array, JsonValues.Copy(op.Value, path, maxValueDepth));
            }

            default:
                throw new InvalidOperationException($"Unknown operation kind {kind}.");
        }
    }

    private static Outcome NoOp(OpKind kind) => kind == OpKind.Pull ? new Outcome(EmptyArrayElement, null, null) : default;

    private Outcome Pull(JsonArray array, JsonNode? pattern)
    {
        List<int>? matches = null;
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonValues.PullMatches(array[i], pattern))
            {
                (matches ??= []).Add(i);
            }
        }

        if (matches is null)
        {
            return new Outcome(EmptyArrayElement, null, null);
        }

        // previous: [{index, value}] with the original indices; the byte count of each value falls out of writing it.
        var sizes = new long[matches.Count];
        var previous = JsonText.Build((array, matches, sizes), static (writer, state) =>
        {
            writer.WriteStartArray();
            for (var m = 0; m < state.matches.Count; m++)
            {
                var i = state.matches[m];
                writer.WriteStartObject();
                writer.WriteNumber("index", i);
                writer.WritePropertyName("value");
                writer.Flush();
                var start = writer.BytesCommitted;
                JsonText.Write(state.array[i], writer);
                writer.Flush();
                state.sizes[m] = writer.BytesCommitted - start;
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

        // Remove from the back so the recorded positions stay valid (undo re-inserts front to back).
        var removed = new List<JsonNode?>(matches.Count);
        for (var m = matches.Count - 1; m >= 0; m--)
        {
            var i = matches[m];
            var element = array[i];
            RemoveElement(array, i, element, sizes[m]);
            removed.Add(element);
        }

        return new Outcome(previous, null, removed);
    }

    private static int ArrayIndex(string[] segments, int k, string path)
    {
        if (!StatePath.TryParseIndex(segments[k], out var index))
        {
            throw new OperationException(path, $"'{segments[k]}' is not an array index, and '{StatePath.Prefix(segments, k)}' is an array (indices are digits without leading zeros)");
        }

        return index;
    }

    private static OperationException OutOfRange(JsonArray array, string[] segments, int k, string path) =>
        new(path, $"index {segments[k]} is out of range for '{StatePath.Prefix(segments, k)}' (length {array.Count})");

    // ---- primitive changes: each one adjusts the size and is logged for undo --------------------------------------

    private void AddKey(JsonObject obj, string key, JsonNode? node)
    {
        var delta = JsonText.MeasureKey(key) + JsonText.Measure(node) + (obj.Count > 0 ? 1 : 0);
        _gmOnlyKeys += GmOnlyKeys.Count(key, node);
        obj.Add(key, node);
        _size += delta;
        _log.KeyAdded(obj, key);
    }

    private void ReplaceKey(JsonObject obj, int position, JsonNode? old, long oldSize, JsonNode? node)
    {
        var delta = JsonText.Measure(node) - oldSize;
        _gmOnlyKeys += GmOnlyKeys.Count(node) - GmOnlyKeys.Count(old);
        obj.SetAt(position, node);
        _size += delta;
        _log.KeyReplaced(obj, position, old);
    }

    private void RemoveKey(JsonObject obj, int position, string key, JsonNode? old, long oldSize)
    {
        var delta = JsonText.MeasureKey(key) + oldSize + (obj.Count > 1 ? 1 : 0);
        _gmOnlyKeys -= GmOnlyKeys.Count(key, old);
        obj.RemoveAt(position);
        _size -= delta;
        _log.KeyRemoved(obj, position, key, old);
    }

    private void Append(JsonArray array, JsonNode? node)
    {
        var delta = JsonText.Measure(node) + (array.Count > 0 ? 1 : 0);
        _gmOnlyKeys += GmOnlyKeys.Count(node);
        array.Add(node);
        _size += delta;
        _log.ElementAppended(array);
    }

    private void ReplaceElement(JsonArray array, int position, JsonNode? old, long oldSize, JsonNode? node)
    {
        var delta = JsonText.Measure(node) - oldSize;
        _gmOnlyKeys += GmOnlyKeys.Count(node) - GmOnlyKeys.Count(old);
        array[position] = node;
        _size += delta;
        _log.ElementReplaced(array, position, old);
    }

    private void RemoveElement(JsonArray array, int position, JsonNode? old, long oldSize)
    {
        var delta = oldSize + (array.Count > 1 ? 1 : 0);
        _gmOnlyKeys -= GmOnlyKeys.Count(old);
        array.RemoveAt(position);
        _size -= delta;
        _log.ElementRemoved(array, position, old);
    }

    private void Replace(JsonObject? obj, JsonArray? array, int position, JsonNode? old, long oldSize, JsonNode? node)
    {
        if (obj is not null)
        {
            ReplaceKey(obj, position, old, oldSize, node);
        }
        else
        {
            ReplaceElement(array!, position, old, oldSize, node);
        }
    }
}
