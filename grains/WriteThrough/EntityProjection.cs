using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Grains.Entities;

namespace Orleans.GameState.Grains.WriteThrough;

/// <summary>One entity's body in a session's state at one version, or null when it is not in that state.</summary>
public readonly record struct EntityWrite(string Kind, string Id, string? Json);

/// <summary>
/// Where each kind of backing model lives in a game state (docs/api.md section 4): characters, actors and items
/// in their arrays; the current encounter's <c>encounter</c> object, stored with the encounter's
/// <c>tokens</c> array on it; the current encounter's <c>map</c>.
/// </summary>
public static class EntityProjection
{
    public const string EncounterProperty = "encounter";
    public const string MapProperty = "map";
    public const string TokensProperty = "tokens";

    /// <summary>Reads the body now; call it synchronously, at the version being written through.</summary>
    public static EntityWrite Project(GameStateDocument document, TouchedEntity entity) => entity.Kind switch
    {
        EntityKinds.Characters or EntityKinds.Actors or EntityKinds.Items =>
            new(entity.Kind, entity.Id, document.TryGetEntity(entity.Kind, entity.Id, out var body) && body is not null ? EntityJson.Write(body) : null),
        EntityKinds.Encounters => new(entity.Kind, entity.Id, EncounterBody(document, entity.Id)),
        EntityKinds.Maps => new(entity.Kind, entity.Id, CurrentObject(document, MapProperty, entity.Id) is { } map ? EntityJson.Write(map) : null),
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity.Kind, "Not a backing-model kind."),
    };

    /// <summary>The id of the current encounter, which is where a touched token belongs.</summary>
    public static string? CurrentEncounterId(GameStateDocument document) =>
        document.CurrentEncounter?[EncounterProperty] is JsonObject encounter ? IdOf(encounter) : null;

    /// <summary>The id of the current encounter's map, if any.</summary>
    public static string? CurrentMapId(GameStateDocument document) =>
        document.CurrentEncounter?[MapProperty] is JsonObject map ? IdOf(map) : null;

    private static string? EncounterBody(GameStateDocument document, string id)
    {
        if (CurrentObject(document, EncounterProperty, id) is not { } encounter)
        {
            return null;
        }

        var body = encounter.DeepClone().AsObject();
        body[TokensProperty] = document.CurrentEncounter![TokensProperty]?.DeepClone() ?? new JsonArray();
        return EntityJson.Write(body);
    }

    private static JsonObject? CurrentObject(GameStateDocument document, string property, string id) =>
        document.CurrentEncounter?[property] is JsonObject value && IdOf(value) == id ? value : null;

    private static string? IdOf(JsonObject entity) =>
        entity[EntityJson.IdProperty] is JsonValue id && id.GetValueKind() == JsonValueKind.String ? id.GetValue<string>() : null;
}
