namespace Orleans.GameState.Users;

/// <summary>
/// The campaigns of one user, kept by the campaign grains (creation, adding and removing a member), so that listing
/// a user's campaigns reads one row instead of scanning every campaign. Keyed by <see cref="KeyOf"/>.
/// </summary>
[Alias("gs.IUserCampaignsGrain")]
public interface IUserCampaignsGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces the entry of <see cref="UserCampaign.Id"/>.</summary>
    [Alias("Set")]
    Task SetAsync(UserCampaign campaign);

    [Alias("Remove")]
    Task RemoveAsync(string campaignId);

    /// <summary>The user's campaigns, ordered by id.</summary>
    [Alias("List")]
    Task<IReadOnlyList<UserCampaign>> ListAsync();

    /// <summary>"u-" before the user id: a user id such as "123" would otherwise be stored as a number by the ADO.NET provider.</summary>
    static string KeyOf(string userId) => "u-" + userId;
}
