using System.Globalization;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Grains.WriteThrough;

/// <summary>
/// The DELETE direction (CONTRACT section 10): the operations that take a deleted backing model out of a session's
/// state, found where <see cref="EntityProjection"/> reads it from.
/// </summary>
public static class EntityRemoval
{
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();

    /// <summary>The operations, or null when the state does not hold the entity.</summary>
    public static IReadOnlyList<StateOperation>? Operations(GameStateDocument document, string kind, string id)
    {
        switch (kind)
        {
            case EntityKinds.Characters or EntityKinds.Actors or EntityKinds.Items:
                var index = document.IndexOfEntity(kind, id);
                return index < 0 ? null : [new StateOperation($"{kind}.{index.ToString(CultureInfo.InvariantCulture)}", OperationKinds.Unset)];
            case EntityKinds.Encounters when EntityProjection.CurrentEncounterId(document) == id:
                return [new StateOperation("currentEncounter", OperationKinds.Set, Null)];
            case EntityKinds.Maps when EntityProjection.CurrentMapId(document) == id:
                return [new StateOperation($"currentEncounter.{EntityProjection.MapProperty}", OperationKinds.Set, Null)];
            default:
                return null;
        }
    }
}
