using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Entities;
using Orleans.GameState.Grains.Campaigns;

namespace Orleans.GameState.Grains.Entities;

/// <summary>
/// One backing model. Its writers are the campaign (create, PUT, import) and the session write-through,
/// which tags each write with the session and version it comes from so that a replayed or late write never
/// goes backwards.
/// </summary>
public sealed partial class EntityGrain(
    [PersistentState(GameStateGrainStorage.StateNames.Entity, GameStateGrainStorage.ProviderName)] IPersistentState<EntityState> state,
    ILogger<EntityGrain> logger) : Grain, IEntityGrain
{
    public Task<StoredEntity?> GetAsync() => Task.FromResult(Current());

    public async Task<bool> CreateIfAbsentAsync(string campaignId, string kind, string json)
    {
        if (state.State.Body is not null)
        {
            return false;
        }

        await StoreAsync(campaignId, kind, EntityJson.Parse(json));
        return true;
    }

    public async Task<StoredEntity> ReplaceAsync(string campaignId, string kind, string json)
    {
        await StoreAsync(campaignId, kind, EntityJson.Parse(json));
        return Current()!;
    }

    public async Task<StoredEntity> WriteThroughAsync(string campaignId, string kind, string id, EntityWriteThrough write)
    {
        var current = state.State;
        if (current.SessionVersions.TryGetValue(write.SessionId, out var applied) && applied >= write.Version)
        {
            LogIgnored(this.GetPrimaryKeyString(), write.SessionId, write.Version, applied);
            return Current() ?? new StoredEntity(EntityJson.DeletedStub(id).GetRawText(), true);
        }

        JsonElement body;
        if (write.Json is { } json)
        {
            body = EntityJson.Parse(json);
        }
        else
        {
            body = current.Body is { } kept ? EntityJson.MarkDeleted(kept) : EntityJson.DeletedStub(id);
        }

        current.SessionVersions[write.SessionId] = write.Version;
        await StoreAsync(campaignId, kind, body);
        return Current()!;
    }

    private async Task StoreAsync(string campaignId, string kind, JsonElement body)
    {
        var current = state.State;
        current.CampaignId = campaignId;
        current.Kind = kind;
        current.Id = body.TryGetProperty(EntityJson.IdProperty, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : current.Id;
        current.Body = body;
        await state.WriteStateAsync();
    }

    private StoredEntity? Current() =>
        state.State.Body is { } body ? new StoredEntity(body.GetRawText(), EntityJson.IsDeleted(body)) : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Entity {EntityKey}: write-through of session {SessionId} version {Version} ignored (already at {Applied})")]
    private partial void LogIgnored(string entityKey, string sessionId, long version, long applied);
}
