using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Grains.Entities;
using Orleans.GameState.Grains.WriteThrough;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>The PUT direction of the backing models: a replaced entity enters the state as a system update.</summary>
public sealed partial class GameSessionGrain
{
    public async Task<StateUpdateResponse?> ReplaceEntityAsync(string kind, string id, string entityJson, string updateId)
    {
        if (_document is null)
        {
            return StateUpdateResponse.Failed(NotFound());
        }

        // Built here, in the grain's turn, where the entity's index in the state is known and cannot move.
        var operations = EntityReplacement.Operations(_document, kind, id, EntityJson.Parse(entityJson));
        if (operations is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await ApplyAsync(updateId, VersionText(_document.Version), operations, now, UpdateSources.System);
    }
}
