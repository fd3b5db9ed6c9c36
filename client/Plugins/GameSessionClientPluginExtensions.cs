using System.Text.Json.Nodes;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Plugins;

/// <summary>
/// Plugin state helpers on a <see cref="GameSessionClient"/>: reads of its local copy (copies, safe to keep) and GM
/// updates built from <see cref="PluginState"/>. They use only the client's public surface.
/// </summary>
public static class GameSessionClientPluginExtensions
{
    /// <summary>The session's plugin data (<c>pluginData.&lt;pluginId&gt;[.&lt;path&gt;]</c>), a copy, or null.</summary>
    public static JsonNode? GetPluginData(this GameSessionClient client, string pluginId, string? path = null) =>
        client.Read(document => PluginState.GetPluginData(document, pluginId, path));

    /// <summary>The character with that id, a copy, or null.</summary>
    public static JsonObject? GetCharacter(this GameSessionClient client, string characterId) =>
        client.Read(document => PluginState.GetCharacter(document, characterId));

    /// <summary>The actor with that id, a copy, or null.</summary>
    public static JsonObject? GetActor(this GameSessionClient client, string actorId) =>
        client.Read(document => PluginState.GetActor(document, actorId));

    /// <summary>A character's plugin data at a path, a copy, or null.</summary>
    public static JsonNode? GetCharacterPluginData(this GameSessionClient client, string characterId, string path) =>
        client.Read(document => PluginState.GetCharacterPluginData(document, characterId, path));

    /// <summary>An actor's plugin data at a path, a copy, or null.</summary>
    public static JsonNode? GetActorPluginData(this GameSessionClient client, string actorId, string path) =>
        client.Read(document => PluginState.GetActorPluginData(document, actorId, path));

    /// <summary>Updates the character with that id (see <see cref="PluginState.UpdateCharacterState"/>); its index is found when sent.</summary>
    public static Task<StateUpdateResponse> UpdateCharacterAsync(
        this GameSessionClient client, string characterId, IReadOnlyDictionary<string, object?> updates, CancellationToken cancellationToken = default) =>
        client.UpdateAsync(state => PluginState.UpdateCharacterState(state, characterId, updates), cancellationToken);

    /// <summary>Updates the actor with that id (see <see cref="PluginState.UpdateActorState"/>); its index is found when sent.</summary>
    public static Task<StateUpdateResponse> UpdateActorAsync(
        this GameSessionClient client, string actorId, IReadOnlyDictionary<string, object?> updates, CancellationToken cancellationToken = default) =>
        client.UpdateAsync(state => PluginState.UpdateActorState(state, actorId, updates), cancellationToken);

    /// <summary>Replaces the session's plugin data of <paramref name="pluginId"/>.</summary>
    public static Task<StateUpdateResponse> SetPluginDataAsync(
        this GameSessionClient client, string pluginId, object? data, CancellationToken cancellationToken = default) =>
        client.UpdateAsync(PluginState.SetPluginData(pluginId, data), cancellationToken);
}
