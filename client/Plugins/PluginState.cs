using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Client.Internal;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Client.Plugins;

/// <summary>
/// The plugin-state utilities: read plugin data of the session, of a character or of an actor; build the operations
/// that set plugin data or update a character or actor by id (its index found in the given state), so plugin code
/// never writes paths by hand. Reads return copies, safe to keep and modify.
/// </summary>
/// <remarks>
/// Session plugin data lives at <c>pluginData.&lt;pluginId&gt;</c>; a character's or actor's at its own
/// <c>pluginData</c> object (<c>characters.&lt;index&gt;.pluginData.&lt;path&gt;</c>). Operations that address an entity
/// by index are only right against the state they were built from: with <see cref="GameSessionClient"/>, build them
/// inside <see cref="GameSessionClient.UpdateAsync(Func{GameStateDocument, IReadOnlyList{StateOperation}}, CancellationToken)"/>,
/// which calls the builder with the state the update is sent against.
/// </remarks>
public static class PluginState
{
    private const string Characters = "characters";
    private const string Actors = "actors";
    private const string PluginDataKey = "pluginData";

    /// <summary>As a value in the updates of <see cref="UpdateCharacterState"/>/<see cref="UpdateActorState"/>: remove the key (unset).</summary>
    public static object Remove { get; } = new RemoveMarker();

    /// <summary>The session's plugin data: <c>pluginData.&lt;pluginId&gt;[.&lt;path&gt;]</c>, or null when absent.</summary>
    public static JsonNode? GetPluginData(GameStateDocument state, string pluginId, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        return JsonCopy.Detach(state.GetValue(StatePaths.PluginData(pluginId, path)));
    }

    /// <summary>The session's plugin data deserialised as <typeparamref name="T"/> (contract JSON options); default when absent.</summary>
    public static T? GetPluginData<T>(GameStateDocument state, string pluginId, string? path = null) =>
        Deserialize<T>(GetPluginData(state, pluginId, path));

    /// <summary>The character with that id (a copy), or null.</summary>
    public static JsonObject? GetCharacter(GameStateDocument state, string characterId) => GetEntity(state, Characters, characterId);

    /// <summary>The actor with that id (a copy), or null.</summary>
    public static JsonObject? GetActor(GameStateDocument state, string actorId) => GetEntity(state, Actors, actorId);

    /// <summary>A character's plugin data at <paramref name="path"/> (under its <c>pluginData</c>), or null.</summary>
    /// <exception cref="KeyNotFoundException">No character with that id.</exception>
    public static JsonNode? GetCharacterPluginData(GameStateDocument state, string characterId, string path) =>
        GetEntityPluginData(state, Characters, characterId, path);

    /// <summary>An actor's plugin data at <paramref name="path"/> (under its <c>pluginData</c>), or null.</summary>
    /// <exception cref="KeyNotFoundException">No actor with that id.</exception>
    public static JsonNode? GetActorPluginData(GameStateDocument state, string actorId, string path) =>
        GetEntityPluginData(state, Actors, actorId, path);

    /// <summary>A character's plugin data at <paramref name="path"/> (under its <c>pluginData</c>), or null.</summary>
    public static JsonNode? GetCharacterPluginData(JsonObject character, string path) => GetIn(character, path);

    /// <summary>An actor's plugin data at <paramref name="path"/> (under its <c>pluginData</c>), or null.</summary>
    public static JsonNode? GetActorPluginData(JsonObject actor, string path) => GetIn(actor, path);

    /// <summary>Replaces the session's plugin data of <paramref name="pluginId"/> with <paramref name="data"/>.</summary>
    public static IReadOnlyList<StateOperation> SetPluginData(string pluginId, object? data) =>
        [StateOps.Set(StatePaths.PluginData(pluginId), data)];

    /// <summary>Sets one value inside the session's plugin data of <paramref name="pluginId"/> (missing objects on the way are created).</summary>
    public static IReadOnlyList<StateOperation> SetPluginData(string pluginId, string path, object? value) =>
        [StateOps.Set(StatePaths.PluginData(pluginId, path), value)];

    /// <summary>Sets a value in a character's plugin data: <c>characters.&lt;index&gt;.pluginData.&lt;path&gt;</c>.</summary>
    /// <exception cref="KeyNotFoundException">No character with that id.</exception>
    public static IReadOnlyList<StateOperation> SetCharacterPluginData(GameStateDocument state, string characterId, string path, object? value) =>
        [StateOps.Set(StatePaths.Entity(state, Characters, characterId, $"{PluginDataKey}.{Checked(path)}"), value)];

    /// <summary>Sets a value in an actor's plugin data: <c>actors.&lt;index&gt;.pluginData.&lt;path&gt;</c>.</summary>
    /// <exception cref="KeyNotFoundException">No actor with that id.</exception>
    public static IReadOnlyList<StateOperation> SetActorPluginData(GameStateDocument state, string actorId, string path, object? value) =>
        [StateOps.Set(StatePaths.Entity(state, Actors, actorId, $"{PluginDataKey}.{Checked(path)}"), value)];

    /// <summary>
    /// One <c>set</c> per entry (an <c>unset</c> for <see cref="Remove"/>) on the character with that id. Keys are paths
    /// relative to the character ("hp", "pluginData.hitPoints"); its <c>id</c> cannot be changed this way.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No character with that id.</exception>
    /// <exception cref="ArgumentException">No updates, an invalid key, or a key that writes the id.</exception>
    public static IReadOnlyList<StateOperation> UpdateCharacterState(GameStateDocument state, string characterId, IEnumerable<KeyValuePair<string, object?>> updates) =>
        UpdateEntity(state, Characters, characterId, updates);

    /// <summary>As <see cref="UpdateCharacterState"/>, for the actor with that id.</summary>
    /// <exception cref="KeyNotFoundException">No actor with that id.</exception>
    /// <exception cref="ArgumentException">No updates, an invalid key, or a key that writes the id.</exception>
    public static IReadOnlyList<StateOperation> UpdateActorState(GameStateDocument state, string actorId, IEnumerable<KeyValuePair<string, object?>> updates) =>
        UpdateEntity(state, Actors, actorId, updates);

    private static IReadOnlyList<StateOperation> UpdateEntity(
        GameStateDocument state, string arrayName, string id, IEnumerable<KeyValuePair<string, object?>> updates)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(updates);
        var entity = StatePaths.Entity(state, arrayName, id);
        var operations = new List<StateOperation>();
        foreach (var (key, value) in updates)
        {
            var segments = StatePaths.Relative(key, nameof(updates));
            if (segments[0] == "id")
            {
                throw new ArgumentException(
                    $"'{key}' would change the entity's id, which identifies it; remove the entity and add a new one instead.", nameof(updates));
            }

            var path = $"{entity}.{key}";
            operations.Add(ReferenceEquals(value, Remove) ? StateOps.Unset(path) : StateOps.Set(path, value));
        }

        if (operations.Count == 0)
        {
            throw new ArgumentException("There is nothing to update: an update needs at least one operation.", nameof(updates));
        }

        return operations;
    }

    private static JsonObject? GetEntity(GameStateDocument state, string arrayName, string id)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(id);
        return state.TryGetEntity(arrayName, id, out var entity) ? (JsonObject?)JsonCopy.Detach(entity) : null;
    }

    private static JsonNode? GetEntityPluginData(GameStateDocument state, string arrayName, string id, string path)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(id);
        Checked(path);
        if (!state.TryGetEntity(arrayName, id, out var entity) || entity is null)
        {
            throw new KeyNotFoundException($"There is no entity with id '{id}' in {arrayName} (state version {state.Version}).");
        }

        return GetIn(entity, path);
    }

    private static JsonNode? GetIn(JsonObject entity, string path)
    {
        ArgumentNullException.ThrowIfNull(entity);
        JsonNode? current = entity[PluginDataKey];
        foreach (var segment in StatePaths.Relative(path))
        {
            current = current switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var next) ? next : null,
                JsonArray array => int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                    && (segment.Length == 1 || segment[0] != '0') && index < array.Count ? array[index] : null,
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return JsonCopy.Detach(current);
    }

    private static string Checked(string path)
    {
        StatePaths.Relative(path);
        return path;
    }

    private static T? Deserialize<T>(JsonNode? node) => node is null ? default : node.Deserialize<T>(ContractJson.Options);

    private sealed class RemoveMarker
    {
        public override string ToString() => "<remove>";
    }
}
