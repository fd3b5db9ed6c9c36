using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Views;

namespace Orleans.GameState.Engine;

/// <summary>
/// One session's game state (docs/api.md section 4) and the operations that change it (section 6).
/// </summary>
/// <remarks>
/// <para>The state is a <see cref="JsonObject"/> tree: objects keep their key order and numbers keep their text, so
/// serialising gives back what was parsed. An update costs O(path depth + size of the values it touches), never
/// O(document): id indexes, the serialised size and the shape checks are all maintained incrementally, and
/// atomicity comes from an undo log rather than from a copy. See engine/README.md.</para>
/// <para>Not thread-safe: one owner (a grain) at a time. Nodes handed out (<see cref="GetValue"/>,
/// <see cref="TryGetEntity"/>, <see cref="CurrentEncounter"/>) are live and must not be modified.</para>
/// </remarks>
public sealed partial class GameStateDocument
{
    /// <summary>
    /// Levels an entity body (a character, an encounter...) may nest: held in a state, it starts three levels down, and
    /// a state may nest at most 62 levels so that clients can read it (see <see cref="JsonText.MaxWrittenDepth"/>).
    /// </summary>
    public const int MaxEntityDepth = JsonText.MaxWrittenDepth - 3;

    internal const string CharactersKey = "characters";
    internal const string ActorsKey = "actors";
    internal const string ItemsKey = "items";
    internal const string CurrentEncounterKey = "currentEncounter";
    internal const string PluginDataKey = "pluginData";
    internal const string StateVersionKey = "stateVersion";
    internal const string LastUpdatedKey = "lastUpdated";
    internal const string TokensKey = "tokens";
    internal const string EncounterKey = "encounter";
    internal const string MapKey = "map";

    internal const int TokensSlot = 3;

    private static readonly string[] AllRootKeys =
        [CharactersKey, ActorsKey, ItemsKey, CurrentEncounterKey, PluginDataKey, StateVersionKey, LastUpdatedKey];

    /// <summary>Where each id index lives, by slot: the three root arrays, then currentEncounter.tokens.</summary>
    internal static readonly string[] SlotPaths = [CharactersKey, ActorsKey, ItemsKey, "currentEncounter.tokens"];

    private static readonly string[] SlotKinds = [EntityKinds.Characters, EntityKinds.Actors, EntityKinds.Items, ""];

    private readonly JsonObject _root;
    private readonly EntityIndex[] _indexes = new EntityIndex[4];

    /// <summary>The rule every entity id in the state keeps (<see cref="StateLimits.MaxIdLength"/>).</summary>
    private readonly IdRule _ids;
    private long _version;
    private long _lastUpdated;
    private long _size;
    private long _gmOnlyKeys;
    private AppliedUpdate? _last;

    private GameStateDocument(JsonObject root, StateLimits limits, long version, long lastUpdated)
    {
        _root = root;
        Limits = limits;
        _ids = new IdRule(limits.MaxIdLength);
        _version = version;
        _lastUpdated = lastUpdated;
        for (var slot = 0; slot < _indexes.Length; slot++)
        {
            _indexes[slot] = EntityIndex.Build(SlotArray(slot), _ids);
        }

        _size = JsonText.Measure(root);
        _gmOnlyKeys = GmOnlyKeys.Count(root);
    }

    /// <summary>
    /// Whether some member who is not the GM sees less than the GM (docs/views.md): an entity with a restricting
    /// <c>visibility</c>, or a <c>gmOnly</c> key anywhere. Maintained incrementally, O(1) to ask.
    /// </summary>
    public bool HasHiddenContent => _gmOnlyKeys > 0 || _indexes[0].Restricted + _indexes[1].Restricted + _indexes[2].Restricted + _indexes[3].Restricted > 0;

    /// <summary>The restricted entities (visibility "gm" or a list) of the four entity arrays, by slot; O(their number).</summary>
    internal IEnumerable<(int Slot, JsonObject Element)> RestrictedEntities()
    {
        for (var slot = 0; slot < _indexes.Length; slot++)
        {
            foreach (var element in _indexes[slot].RestrictedElements)
            {
                yield return (slot, element);
            }
        }
    }

    /// <summary>
    /// Changes whenever an entity with a restricting <c>visibility</c> comes, goes or changes its marker: while it stays
    /// the same, which members share a view (<see cref="ViewClasses"/>) stays the same too. O(1).
    /// </summary>
    public (long Characters, long Actors, long Items, long Tokens) VisibilityStamp =>
        (_indexes[0].RestrictedStamp, _indexes[1].RestrictedStamp, _indexes[2].RestrictedStamp, _indexes[3].RestrictedStamp);

    /// <summary>Restricted entities in one slot, O(1).</summary>
    internal int RestrictedCount(int slot) => _indexes[slot].Restricted;

    /// <summary>The entity array of a slot (null when currentEncounter is null).</summary>
    internal JsonArray? EntityArray(int slot) => SlotArray(slot) as JsonArray;

    /// <summary>The root object, read-only for the view code of this assembly.</summary>
    internal JsonObject Root => _root;

    /// <summary>stateVersion as a number (it travels as the decimal string).</summary>
    public long Version => _version;

    /// <summary>lastUpdated, Unix milliseconds.</summary>
    public long LastUpdated => _lastUpdated;

    /// <summary>The exact length of <see cref="ToUtf8Bytes"/>, maintained incrementally.</summary>
    public long SizeBytes => _size;

    public StateLimits Limits { get; }

    /// <summary>currentEncounter, or null when there is none.</summary>
    public JsonObject? CurrentEncounter => _root[CurrentEncounterKey] as JsonObject;

    /// <summary>Parses a stored or hand-made state and checks its whole shape (docs/api.md section 4), once.</summary>
    /// <remarks>Does not enforce <see cref="StateLimits.MaxStateBytes"/>: a state saved under a larger limit still loads
    /// (and updates that make it larger are refused).</remarks>
    /// <exception cref="StateValidationException">Not JSON, or not the shape of a game state.</exception>
    public static GameStateDocument Parse(ReadOnlySpan<byte> utf8Json, StateLimits? limits = null)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8Json, nodeOptions: null, JsonText.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new StateValidationException(string.Empty, $"must be valid JSON ({e.Message})", e);
        }

        return FromRoot(node, limits ?? StateLimits.Default);
    }

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte}, StateLimits?)"/>
    public static GameStateDocument Parse(string json, StateLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, nodeOptions: null, JsonText.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new StateValidationException(string.Empty, $"must be valid JSON ({e.Message})", e);
        }

        return FromRoot(node, limits ?? StateLimits.Default);
    }

    /// <summary>
    /// A new state from backing models (each an object with a non-empty string id, unique within its kind):
    /// currentEncounter null, pluginData {}. The entities are copied.
    /// </summary>
    /// <exception cref="StateValidationException">An entity is not valid, or the state exceeds MaxStateBytes.</exception>
    public static GameStateDocument Create(
        IEnumerable<JsonElement> characters,
        IEnumerable<JsonElement> actors,
        IEnumerable<JsonElement> items,
        long version,
        long lastUpdated,
        StateLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(characters);
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        limits ??= StateLimits.Default;

        var root = new JsonObject
        {
            [CharactersKey] = CopyEntities(characters, CharactersKey),
            [ActorsKey] = CopyEntities(actors, ActorsKey),
            [ItemsKey] = CopyEntities(items, ItemsKey),
            [CurrentEncounterKey] = null,
            [PluginDataKey] = new JsonObject(),
            [StateVersionKey] = JsonValue.Create(StateUpdateValidator.FormatVersion(version)),
            [LastUpdatedKey] = JsonValue.Create(lastUpdated),
        };

        var document = FromRoot(root, limits);
        if (document.SizeBytes > limits.MaxStateBytes)
        {
            throw new StateValidationException(string.Empty, $"the state would be {document.SizeBytes} bytes, over the limit of {limits.MaxStateBytes} bytes");
        }

        return document;
    }

    /// <summary>An entity of characters, actors, items or tokens (currentEncounter.tokens) by id, in O(1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown <paramref name="arrayName"/>.</exception>
    public bool TryGetEntity(string arrayName, string id, out JsonObject? entity)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _indexes[SlotOf(arrayName)].TryGet(id, out entity);
    }

    /// <summary>The position of an entity in its array, or -1. Scans the array.</summary>
    public int IndexOfEntity(string arrayName, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (SlotArray(SlotOf(arrayName)) is not JsonArray array)
        {
            return -1;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (JsonValues.TryGetEntityId(array[i], out var candidate) && candidate == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The value at a dotted path (any root key, stateVersion and lastUpdated included); null when absent or
    /// when the path does not lead anywhere. JSON null also comes back as null.</summary>
    public JsonNode? GetValue(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        JsonNode? current = _root;
        foreach (var segment in path.Split('.'))
        {
            switch (current)
            {
                case JsonObject obj:
                    if (!obj.TryGetPropertyValue(segment, out current))
                    {
                        return null;
                    }

                    break;
                case JsonArray array:
                    if (!StatePath.TryParseIndex(segment, out var index) || index >= array.Count)
                    {
                        return null;
                    }

                    current = array[index];
                    break;
                default:
                    return null;
            }
        }

        return current;
    }

    /// <summary>Writes the state. <see cref="SizeBytes"/> is exact for the engine's own writer options only (compact,
    /// <see cref="System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>), as used by
    /// <see cref="ToUtf8Bytes"/>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _root.WriteTo(writer);
    }

    /// <summary>The state as compact UTF-8 JSON, <see cref="SizeBytes"/> long.</summary>
    public byte[] ToUtf8Bytes() => JsonText.ToUtf8Bytes(_root, (int)Math.Min(_size + 8192, Array.MaxLength));

    public string ToJsonString() => Encoding.UTF8.GetString(ToUtf8Bytes());

    public override string ToString() => ToJsonString();

    private static GameStateDocument FromRoot(JsonNode? node, StateLimits limits)
    {
        if (node is not JsonObject root)
        {
            throw new StateValidationException(string.Empty, "must be a JSON object");
        }

        foreach (var (key, _) in root)
        {
            if (Array.IndexOf(AllRootKeys, key) < 0)
            {
                throw new StateValidationException(key, "is not part of a game state (expected characters, actors, items, currentEncounter, pluginData, stateVersion, lastUpdated)");
            }
        }

        foreach (var key in AllRootKeys)
        {
            if (!root.ContainsKey(key))
            {
                throw new StateValidationException(key, "is required");
            }
        }

        if (root[StateVersionKey] is not JsonValue versionNode
            || versionNode.GetValueKind() != JsonValueKind.String
            || !StateUpdateValidator.TryParseVersion(versionNode.GetValue<string>(), out var version))
        {
            throw new StateValidationException(StateVersionKey, "must be a decimal integer string such as \"1\"");
        }

        if (!JsonValues.TryReadNumber(root[LastUpdatedKey], out var lastUpdated) || !lastUpdated.IsInteger)
        {
            throw new StateValidationException(LastUpdatedKey, "must be an integer (Unix milliseconds)");
        }

        try
        {
            var document = new GameStateDocument(root, limits, version, lastUpdated.Integer);
            document.CheckShape();
            return document;
        }
        catch (OperationException e)
        {
            throw new StateValidationException(e.Path, e.Rule);
        }
        catch (InvalidOperationException e)
        {
            // A string escaping a lone surrogate ("\uD800") parses but cannot become text.
            throw new StateValidationException(string.Empty, "must not contain strings that are not valid Unicode", e);
        }
    }

    private static JsonArray CopyEntities(IEnumerable<JsonElement> entities, string name)
    {
        var array = new JsonArray();
        var i = 0;
        foreach (var entity in entities)
        {
            var path = $"{name}.{i}";
            if (entity.ValueKind != JsonValueKind.Object)
            {
                throw new StateValidationException(path, "must be an object with a non-empty string id");
            }

            try
            {
                array.Add(JsonValues.Copy(entity, path, MaxEntityDepth));
            }
            catch (OperationException e)
            {
                throw new StateValidationException(e.Path, e.Rule);
            }

            i++;
        }

        return array;
    }

    private static int SlotOf(string arrayName) => arrayName switch
    {
        CharactersKey => 0,
        ActorsKey => 1,
        ItemsKey => 2,
        TokensKey or "currentEncounter.tokens" => TokensSlot,
        _ => throw new ArgumentOutOfRangeException(nameof(arrayName), arrayName, "Expected characters, actors, items or tokens."),
    };

    /// <summary>The node an id index mirrors (an array when the state is well formed), or null.</summary>
    private JsonNode? SlotArray(int slot)
    {
        if (slot < TokensSlot)
        {
            return _root[RootKeyOfSlot(slot)];
        }

        return _root[CurrentEncounterKey] is JsonObject encounter && encounter.TryGetPropertyValue(TokensKey, out var tokens)
            ? tokens
            : null;
    }

    private static string RootKeyOfSlot(int slot) => slot switch
    {
        0 => CharactersKey,
        1 => ActorsKey,
        _ => ItemsKey,
    };

    /// <summary>The shape of docs/api.md section 4, in O(1): the id indexes already know about every element.</summary>
    private void CheckShape()
    {
        for (var slot = 0; slot < TokensSlot; slot++)
        {
            var name = RootKeyOfSlot(slot);
            if (_root[name] is not JsonArray array)
            {
                throw new OperationException(name, "must be an array");
            }

            CheckEntities(slot, array, name);
        }

        var current = _root[CurrentEncounterKey];
        if (current is not null)
        {
            if (current is not JsonObject encounter)
            {
                throw new OperationException(CurrentEncounterKey, "must be null or an object with encounter, map and tokens");
            }

            if (!encounter.TryGetPropertyValue(EncounterKey, out var encounterNode))
            {
                throw new OperationException("currentEncounter.encounter", "is required (an object with a string id)");
            }

            CheckIdHolder(encounterNode, "currentEncounter.encounter", nullable: false);

            if (!encounter.TryGetPropertyValue(MapKey, out var mapNode))
            {
                throw new OperationException("currentEncounter.map", "is required (null or an object with a string id)");
            }

            CheckIdHolder(mapNode, "currentEncounter.map", nullable: true);

            if (!encounter.TryGetPropertyValue(TokensKey, out var tokensNode))
            {
                throw new OperationException("currentEncounter.tokens", "is required (an array)");
            }

            if (tokensNode is not JsonArray tokens)
            {
                throw new OperationException("currentEncounter.tokens", "must be an array");
            }

            CheckEntities(TokensSlot, tokens, "currentEncounter.tokens");
        }

        if (_root[PluginDataKey] is not JsonObject)
        {
            throw new OperationException(PluginDataKey, "must be an object");
        }
    }

    private void CheckIdHolder(JsonNode? node, string path, bool nullable)
    {
        if (node is null && nullable)
        {
            return;
        }

        if (node is not JsonObject obj)
        {
            throw new OperationException(path, nullable ? "must be null or an object with a string id" : "must be an object with a string id");
        }

        if (!JsonValues.TryGetEntityId(obj, out var id))
        {
            throw new OperationException(path + ".id", "must be a non-empty string");
        }

        if (_ids.Violation(id) is { } violation)
        {
            throw new OperationException(path + ".id", violation);
        }
    }

    /// <summary>O(1) unless there is an error to report, when the array is scanned for the offending element.</summary>
    private void CheckEntities(int slot, JsonArray array, string name)
    {
        var index = _indexes[slot];
        var violation = (index.Invalid > 0 ? EntityArrayRule.FindInvalid(array, name, _ids) : null)
            ?? (index.Duplicates > 0 ? EntityArrayRule.FindDuplicate(array, name) : null)
            ?? (index.InvalidVisibility > 0 ? EntityArrayRule.FindInvalidVisibility(array, name) : null);
        if (violation is not null)
        {
            throw new OperationException(violation.Path, violation.Rule);
        }
    }

    /// <summary>For tests: compares every id index with a full scan of its array; null when they agree.</summary>
    internal string? DescribeIndexMismatch()
    {
        for (var slot = 0; slot < _indexes.Length; slot++)
        {
            var expected = EntityIndex.Build(SlotArray(slot), _ids);
            var actual = _indexes[slot];
            if (expected.Invalid != actual.Invalid || expected.Duplicates != actual.Duplicates)
            {
                return $"{SlotPaths[slot]}: invalid {actual.Invalid} vs {expected.Invalid}, duplicates {actual.Duplicates} vs {expected.Duplicates}";
            }

            var want = expected.Entries().Select(e => (e.Id, System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(e.Element), e.Element)).ToList();
            var have = actual.Entries().ToList();
            if (want.Count != have.Count)
            {
                return $"{SlotPaths[slot]}: {have.Count} entries, a scan finds {want.Count}";
            }

            foreach (var (id, _, element) in want)
            {
                if (!have.Any(h => h.Id == id && ReferenceEquals(h.Element, element)))
                {
                    return $"{SlotPaths[slot]}: '{id}' is not indexed to its element";
                }
            }
        }

        return null;
    }

    internal static string FormatInvariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
