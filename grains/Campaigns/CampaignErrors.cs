using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Grains.Campaigns;

/// <summary>The campaign grain's error answers, worded once.</summary>
internal static class CampaignErrors
{
    public static CampaignReply NotFound(string campaignId) =>
        CampaignReply.Failed(CampaignReply.NotFoundCode, $"Campaign '{campaignId}' does not exist.");

    public static CampaignReply EntityNotFound(string kind, string id) =>
        CampaignReply.Failed(CampaignReply.NotFoundCode, $"There is no {kind} entity '{id}' in this campaign.");

    public static CampaignReply NotMember(string campaignId) =>
        CampaignReply.Failed(ErrorCodes.PermissionDenied, $"You are not a member of campaign '{campaignId}'.");

    public static CampaignReply NotGm(string campaignId) =>
        CampaignReply.Failed(ErrorCodes.PermissionDenied, $"Only the GM of campaign '{campaignId}' may do this.");

    public static CampaignReply UnknownKind(string kind) =>
        CampaignReply.Failed(ErrorCodes.ValidationError, $"kind: '{kind}' is not one of {string.Join(", ", EntityKinds.All)}.");

    public static CampaignReply Invalid(string message) => CampaignReply.Failed(ErrorCodes.ValidationError, message);
}
