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
    private static readonly JsonElement NoTokens = JsonDocument.Parse("[]").RootElement.Clone();

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

    /// <summary>
    /// An encounter's backing model carries the tokens; in the state they sit beside it. One update sets both, so the
    /// session holds exactly the new body: the encounter without <c>tokens</c>, and its tokens (none when the body has
    /// none). The campaign checked the tokens' shape before storing the body; were it wrong anyway, the engine would
    /// refuse the whole update rather than apply half of it.
    /// </summary>
    private static List<StateOperation> EncounterOperations(JsonElement body)
    {
        var encounter = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var tokens = NoTokens;
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

        return
        [
            Set($"currentEncounter.{EntityProjection.EncounterProperty}", JsonSerializer.SerializeToElement(encounter)),
            Set($"currentEncounter.{EntityProjection.TokensProperty}", tokens),
        ];
    }

    private static StateOperation Set(string path, JsonElement value) => new(path, OperationKinds.Set, value);
}
