using System.Text;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;
using Orleans.GameState.Views;
using Orleans.GameState.Entities;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Grains.Campaigns;

/// <summary>The backing models through the REST API: create, replace (PUT, pushed to live sessions), get and list.</summary>
public sealed partial class CampaignGrain
{
    public async Task<CampaignReply> CreateEntityAsync(string userId, string kind, string entityJson)
    {
        if ((Check(userId, CampaignRole.Gm) ?? CheckKind(kind)) is { } refused)
        {
            return refused;
        }

        if (EntityBodies.TryParse(entityJson, kind, requiredId: null, assignId: true, _ids, out var body) is { } invalid)
        {
            return CampaignErrors.Invalid(invalid);
        }

        if (IndexOf(kind).ContainsKey(body.Id))
        {
            return CampaignErrors.Invalid($"id: {kind} '{body.Id}' already exists in this campaign; PUT replaces it.");
        }

        var entity = Entity(kind, body.Id);
        if (!await entity.CreateIfAbsentAsync(CampaignId, kind, body.Json))
        {
            // Written through by a session a moment ago, not yet in the index: it exists all the same.
            return CampaignErrors.Invalid($"id: {kind} '{body.Id}' already exists in this campaign; PUT replaces it.");
        }

        await RecordAsync([new EntityIndexChange(kind, body.Id, body.Deleted)]);
        return CampaignReply.Ok(body.Json);
    }

    public async Task<CampaignReply> ReplaceEntityAsync(string userId, string kind, string id, string entityJson)
    {
        if ((Check(userId, CampaignRole.Gm) ?? CheckKind(kind)) is { } refused)
        {
            return refused;
        }

        if (!IndexOf(kind).ContainsKey(id))
        {
            return CampaignErrors.EntityNotFound(kind, id);
        }

        if (EntityBodies.TryParse(entityJson, kind, requiredId: id, assignId: false, _ids, out var body) is { } invalid)
        {
            return CampaignErrors.Invalid(invalid);
        }

        var stored = await Entity(kind, id).ReplaceAsync(CampaignId, kind, body.Json);
        await RecordAsync([new EntityIndexChange(kind, id, stored.Deleted)]);
        await PushReplacementAsync(kind, id, stored.Json);
        return CampaignReply.Ok(stored.Json);
    }

    public async Task<CampaignReply> GetEntityAsync(string userId, string kind, string id)
    {
        if ((Check(userId, CampaignRole.Member) ?? CheckKind(kind)) is { } refused)
        {
            return refused;
        }

        if (!IndexOf(kind).ContainsKey(id) || await Entity(kind, id).GetAsync() is not { } stored)
        {
            return CampaignErrors.EntityNotFound(kind, id);
        }

        // A member reads their view (docs/views.md): an entity hidden from them does not exist for them.
        var json = userId == State.GmUserId ? stored.Json : EntityView.ForMember(stored.Json, kind, userId);
        return json is null ? CampaignErrors.EntityNotFound(kind, id) : CampaignReply.Ok(json);
    }

    public async Task<CampaignReply> ListEntitiesAsync(string userId, string kind, bool includeDeleted)
    {
        if ((Check(userId, CampaignRole.Member) ?? CheckKind(kind)) is { } refused)
        {
            return refused;
        }

        var entities = await ReadEntitiesAsync(kind, includeDeleted);
        var isGm = userId == State.GmUserId;
        var json = new StringBuilder("[");
        var first = true;
        foreach (var entity in entities)
        {
            if ((isGm ? entity.Json : EntityView.ForMember(entity.Json, kind, userId)) is { } visible)
            {
                json.Append(first ? string.Empty : ",").Append(visible);
                first = false;
            }
        }

        return CampaignReply.Ok(json.Append(']').ToString());
    }

    /// <summary>
    /// The entities of a kind, in id order. The index skips the ones known deleted; the stored body has the
    /// last word (a write-through reaches the entity just before the index).
    /// </summary>
    private async Task<IReadOnlyList<StoredEntity>> ReadEntitiesAsync(string kind, bool includeDeleted)
    {
        var ids = IndexOf(kind).Where(e => includeDeleted || !e.Value).Select(e => e.Key).ToList();
        var stored = await Task.WhenAll(ids.Select(id => Entity(kind, id).GetAsync()));
        return stored.Where(s => s is not null && (includeDeleted || !s.Deleted)).Select(s => s!).ToList();
    }

    /// <summary>
    /// Sends the new body to every session of the campaign; each one that holds the entity applies it as a
    /// system update (version + 1, broadcast). A session that fails is logged: the backing model is stored
    /// either way, and the GM can PUT again.
    /// </summary>
    private async Task PushReplacementAsync(string kind, string id, string json)
    {
        var updateId = $"put-{Guid.NewGuid():N}";
        var sessions = State.SessionIds.ToArray();
        await Task.WhenAll(sessions.Select(async sessionId =>
        {
            try
            {
                var response = await GrainFactory.GetGrain<IGameSessionGrain>(sessionId).ReplaceEntityAsync(kind, id, json, updateId);
                if (response is { Success: false, Error: { } error } && error.Code != ErrorCodes.SessionNotFound)
                {
                    LogPushRefused(CampaignId, sessionId, kind, id, error.Code, error.Message);
                }
            }
            catch (Exception e)
            {
                LogPushFailed(e, CampaignId, sessionId, kind, id);
            }
        }));
    }

    private SortedDictionary<string, bool> IndexOf(string kind)
    {
        if (!State.Entities.TryGetValue(kind, out var index))
        {
            index = new SortedDictionary<string, bool>(StringComparer.Ordinal);
            State.Entities[kind] = index;
        }

        return index;
    }

    private IEntityGrain Entity(string kind, string id) => GrainFactory.GetGrain<IEntityGrain>(EntityKeys.For(CampaignId, kind, id));

    private static CampaignReply? CheckKind(string kind) => EntityKinds.IsKnown(kind) ? null : CampaignErrors.UnknownKind(kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId}: session {SessionId} refused the replaced {Kind} '{EntityId}': {Code} {Reason}")]
    private partial void LogPushRefused(string campaignId, string sessionId, string kind, string entityId, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId}: the replaced {Kind} '{EntityId}' could not be sent to session {SessionId}")]
    private partial void LogPushFailed(Exception exception, string campaignId, string sessionId, string kind, string entityId);
}
