using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Grains.Campaigns;

/// <summary>
/// The import path: create what is missing, leave what exists. The import tool validates the whole bundle
/// before its first call; the checks here only keep the grain consistent if it is called some other way.
/// </summary>
public sealed partial class CampaignGrain
{
    public async Task<ImportOutcome> ImportCampaignAsync(CampaignImport campaign)
    {
        if (!CampaignIds.IsCampaignId(CampaignId))
        {
            return ImportOutcome.Failed($"'{CampaignId}' is not a campaign id (c-<32 hex digits>).");
        }

        if (State.GmUserId is null)
        {
            State.Name = campaign.Name;
            State.GmUserId = campaign.GmUserId;
            State.MemberUserIds = campaign.MemberUserIds.Where(m => m != campaign.GmUserId).Distinct(StringComparer.Ordinal).ToList();
            State.CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await Writes.WriteAsync();
            LogCreated(CampaignId, campaign.GmUserId);
            return new ImportOutcome(1, 0);
        }

        if (State.GmUserId != campaign.GmUserId)
        {
            return ImportOutcome.Failed($"Campaign {CampaignId} exists with GM '{State.GmUserId}', not '{campaign.GmUserId}'.");
        }

        var missing = campaign.MemberUserIds
            .Where(m => m != State.GmUserId && !State.MemberUserIds.Contains(m, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (missing.Count == 0 && State.Name == campaign.Name)
        {
            return new ImportOutcome(0, 1);
        }

        State.Name = campaign.Name;
        State.MemberUserIds.AddRange(missing);
        await Writes.WriteAsync();
        await PushMembersAsync();
        return new ImportOutcome(1, 0);
    }

    public async Task<ImportOutcome> ImportEntitiesAsync(string kind, IReadOnlyList<string> entityJsons)
    {
        if (!Exists)
        {
            return ImportOutcome.Failed($"Campaign {CampaignId} does not exist.");
        }

        if (!EntityKinds.IsKnown(kind))
        {
            return ImportOutcome.Failed($"'{kind}' is not one of {string.Join(", ", EntityKinds.All)}.");
        }

        var bodies = new List<EntityBody>(entityJsons.Count);
        foreach (var json in entityJsons)
        {
            if (EntityBodies.TryParse(json, kind, requiredId: null, assignId: false, _ids, out var body) is { } invalid)
            {
                return ImportOutcome.Failed($"{kind}: {invalid}");
            }

            bodies.Add(body);
        }

        var created = await Task.WhenAll(bodies.Select(b => Entity(kind, b.Id).CreateIfAbsentAsync(CampaignId, kind, b.Json)));
        var changes = new List<EntityIndexChange>();
        for (var i = 0; i < bodies.Count; i++)
        {
            if (created[i])
            {
                changes.Add(new EntityIndexChange(kind, bodies[i].Id, bodies[i].Deleted));
            }
            else if (!IndexOf(kind).ContainsKey(bodies[i].Id) && await Entity(kind, bodies[i].Id).GetAsync() is { } existing)
            {
                // Created by an earlier run that stopped before indexing it.
                changes.Add(new EntityIndexChange(kind, bodies[i].Id, existing.Deleted));
            }
        }

        await RecordAsync(changes);
        var count = created.Count(c => c);
        return new ImportOutcome(count, bodies.Count - count);
    }

    public async Task<ImportOutcome> ImportSessionAsync(string sessionId, string? stateJson)
    {
        if (!Exists)
        {
            return ImportOutcome.Failed($"Campaign {CampaignId} does not exist.");
        }

        if (!CampaignIds.IsSessionId(sessionId))
        {
            return ImportOutcome.Failed($"'{sessionId}' is not a session id (s-<32 hex digits>).");
        }

        if (await GrainFactory.GetGrain<IGameSessionGrain>(sessionId).DescribeAsync() is { } existing)
        {
            if (existing.CampaignId != CampaignId)
            {
                return ImportOutcome.Failed($"Session {sessionId} belongs to campaign {existing.CampaignId}.");
            }

            if (!State.SessionIds.Contains(sessionId, StringComparer.Ordinal))
            {
                State.SessionIds.Add(sessionId);
                await Writes.WriteAsync();
            }

            return new ImportOutcome(0, 1);
        }

        var json = stateJson;
        if (json is null)
        {
            var (hydrated, error) = await HydrateAsync();
            if (error is not null)
            {
                return ImportOutcome.Failed(error);
            }

            json = hydrated!;
        }

        var created = await CreateSessionAsync(sessionId, json);
        return created.AlreadyExisted ? new ImportOutcome(0, 1) : new ImportOutcome(1, 0);
    }
}
