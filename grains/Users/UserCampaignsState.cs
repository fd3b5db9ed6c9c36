using Orleans.GameState.Users;

namespace Orleans.GameState.Grains.Users;

/// <summary>One user's campaigns as stored (state name <c>user-campaigns</c>), by campaign id.</summary>
public sealed class UserCampaignsState
{
    public SortedDictionary<string, UserCampaign> Campaigns { get; set; } = new(StringComparer.Ordinal);
}
