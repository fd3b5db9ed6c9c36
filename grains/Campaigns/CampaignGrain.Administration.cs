using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;
using Orleans.GameState.Grains.Entities;
using Orleans.GameState.Sessions;
using Orleans.GameState.Users;

namespace Orleans.GameState.Grains.Campaigns;

/// <summary>
/// Campaign administration (CONTRACT section 10): describing the campaign, removing a player, deleting a backing model,
/// and keeping each user's campaign index (<see cref="IUserCampaignsGrain"/>) in step with the GM and the players.
/// </summary>
public sealed partial class CampaignGrain
{
    public async Task<CampaignReply> RemoveMemberAsync(string userId, string memberUserId)
    {
        if (Check(userId, CampaignRole.Gm) is { } denied)
        {
            return denied;
        }

        if (!State.MemberUserIds.Contains(memberUserId, StringComparer.Ordinal))
        {
            return CampaignReply.Failed(CampaignReply.NotFoundCode, $"'{memberUserId}' is not a player of campaign '{CampaignId}'.");
        }

        State.MemberUserIds.Remove(memberUserId);
        await Writes.WriteAsync();

        // Each session refuses the player from now on and tells every relay to drop the player's connections.
        await PushMembersAsync();
        await UserIndex(memberUserId).RemoveAsync(CampaignId);
        LogMemberRemoved(CampaignId, memberUserId);
        return CampaignReply.Ok();
    }

    public async Task<CampaignReply> DescribeAsync(string userId)
    {
        if (Check(userId, CampaignRole.Member) is { } denied)
        {
            return denied;
        }

        // One call per session (activating the ones that sleep): a campaign holds tens of sessions, not thousands.
        var summaries = await Task.WhenAll(State.SessionIds.Select(id => GrainFactory.GetGrain<IGameSessionGrain>(id).SummarizeAsync()));
        var description = new
        {
            id = CampaignId,
            name = State.Name ?? string.Empty,
            gmUserId = State.GmUserId,
            members = State.MemberUserIds,
            sessions = summaries.OfType<SessionSummary>().Select(s => new
            {
                sessionId = s.SessionId,
                stateVersion = s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                createdAt = s.CreatedAt,
                ended = s.Ended,
            }),
        };
        return CampaignReply.Ok(JsonSerializer.Serialize(description, ContractJson.Options));
    }

    public async Task<CampaignReply> DeleteEntityAsync(string userId, string kind, string id)
    {
        if ((Check(userId, CampaignRole.Gm) ?? CheckKind(kind)) is { } refused)
        {
            return refused;
        }

        if (!IndexOf(kind).ContainsKey(id) || await Entity(kind, id).GetAsync() is not { } stored)
        {
            return CampaignErrors.EntityNotFound(kind, id);
        }

        if (!stored.Deleted)
        {
            await Entity(kind, id).ReplaceAsync(CampaignId, kind, EntityJson.MarkDeleted(EntityJson.Parse(stored.Json)).GetRawText());
        }

        await RecordAsync([new EntityIndexChange(kind, id, true)]);

        // Sent even when it was deleted already, so that repeating the call repairs a session a failure left behind.
        await PushRemovalAsync(kind, id);
        return CampaignReply.Ok();
    }

    /// <summary>One <c>system</c> update per live session that holds the entity; failures are logged, as for PUT.</summary>
    private async Task PushRemovalAsync(string kind, string id)
    {
        var updateId = $"delete-{Guid.NewGuid():N}";
        await Task.WhenAll(State.SessionIds.ToArray().Select(async sessionId =>
        {
            try
            {
                var response = await GrainFactory.GetGrain<IGameSessionGrain>(sessionId).RemoveEntityAsync(kind, id, updateId);
                if (response is { Success: false, Error: { } error } && error.Code is not (ErrorCodes.SessionNotFound or ErrorCodes.SessionEnded))
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

    /// <summary>Writes the user's index entry for this campaign (idempotent).</summary>
    private Task IndexUserAsync(string userId, string role) =>
        UserIndex(userId).SetAsync(new UserCampaign(CampaignId, State.Name ?? string.Empty, State.GmUserId!, role));

    private IUserCampaignsGrain UserIndex(string userId) => GrainFactory.GetGrain<IUserCampaignsGrain>(IUserCampaignsGrain.KeyOf(userId));

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: player {UserId} removed")]
    private partial void LogMemberRemoved(string campaignId, string userId);
}
