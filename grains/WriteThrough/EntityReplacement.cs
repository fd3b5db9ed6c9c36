using System.Globalization;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Grains.Entities;

namespace Orleans.GameState.Grains.WriteThrough;

/// <summary>
/// The PUT direction: the operations that make a session's state hold exactly a replaced backing model,
/// found where <see cref="EntityProjection"/> reads it from.
/// </summary>
public static class EntityReplacement
{
    /// <summary>The operations, or null when the state does not hold the entity.</summary>
    public static IReadOnlyList<StateOperation>? Operations(GameStateDocument document, string kind, string id, JsonElement body)
    {
        switch (kind)
        {
            case EntityKinds.Characters or EntityKinds.Actors or EntityKinds.Items:
                var index = document.IndexOfEntity(kind, id);
                return index < 0 ? null : [Set($"{kind}.{index.ToString(CultureInfo.InvariantCulture)}", body)];
            case EntityKinds.Encounters when EntityProjection.CurrentEncounterId(document) == id:
                return EncounterOperations(body);
            case EntityKinds.Maps when EntityProjection.CurrentMapId(document) == id:
                return [Set($"currentEncounter.{EntityProjection.MapProperty}", body)];
            default:
                return null;
        }
    }

    /// <summary>An encounter's backing model carries the tokens; in the state they sit beside it.</summary>
    private static List<StateOperation> EncounterOperations(JsonElement body)
    {
        var encounter = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        JsonElement? tokens = null;
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name == EntityProjection.TokensProperty)
            {
                tokens = property.Value;
            }
            else
            {
                encounter[property.Name] = property.Value;
            }
        }

        var operations = new List<StateOperation>
        {
            Set($"currentEncounter.{EntityProjection.EncounterProperty}", JsonSerializer.SerializeToElement(encounter)),
        };
        if (tokens is { ValueKind: JsonValueKind.Array } array)
        {
            operations.Add(Set($"currentEncounter.{EntityProjection.TokensProperty}", array));
        }

        return operations;
    }

    private static StateOperation Set(string path, JsonElement value) => new(path, OperationKinds.Set, value);
}
