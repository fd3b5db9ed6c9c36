namespace Orleans.GameState.Campaigns;

/// <summary>
/// A campaign: its GM, its players, the ids of its backing models by kind, and its sessions. Keyed by
/// campaign id ("c-…"). Every call that acts for a user takes that user's id and checks the role
/// (CONTRACT section 2): answers carry an <see cref="Contract.ErrorInfo"/> instead of throwing.
/// </summary>
[Alias("gs.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>Creates the campaign with the caller as GM. Idempotent for the same GM.</summary>
    [Alias("Create")]
    Task<CampaignInfo> CreateAsync(string name, string gmUserId);

    [Alias("GetInfo")]
    Task<CampaignInfo?> GetInfoAsync();

    [Alias("GetRole")]
    Task<CampaignRole> GetRoleAsync(string userId);

    [Alias("AddMember")]
    Task<CampaignReply> AddMemberAsync(string userId, string memberUserId);

    /// <summary>Removes a player (GM only; NOT_FOUND when not a player): their live connections leave the campaign's sessions.</summary>
    [Alias("RemoveMember")]
    Task<CampaignReply> RemoveMemberAsync(string userId, string memberUserId);

    /// <summary>
    /// <c>GET /api/campaigns/{id}</c> for the GM and members: reply JSON
    /// <c>{id, name, gmUserId, members, sessions: [{sessionId, stateVersion, createdAt, ended}]}</c>.
    /// </summary>
    [Alias("Describe")]
    Task<CampaignReply> DescribeAsync(string userId);

    /// <summary>Marks a backing model deleted (GM only); live sessions holding it get one <c>system</c> update removing it.</summary>
    [Alias("DeleteEntity")]
    Task<CampaignReply> DeleteEntityAsync(string userId, string kind, string id);

    /// <summary>Creates a backing model; <c>id</c> assigned when absent. Reply JSON is the stored entity.</summary>
    [Alias("CreateEntity")]
    Task<CampaignReply> CreateEntityAsync(string userId, string kind, string entityJson);

    /// <summary>Replaces a backing model; live sessions holding it get a <c>system</c> update.</summary>
    [Alias("ReplaceEntity")]
    Task<CampaignReply> ReplaceEntityAsync(string userId, string kind, string id, string entityJson);

    [Alias("GetEntity")]
    Task<CampaignReply> GetEntityAsync(string userId, string kind, string id);

    /// <summary>Reply JSON is an array of entities.</summary>
    [Alias("ListEntities")]
    Task<CampaignReply> ListEntitiesAsync(string userId, string kind, bool includeDeleted);

    /// <summary>New session hydrated from the campaign's non-deleted characters, actors and items, at version "1".
    /// Reply JSON is <c>{"sessionId": "...", "stateVersion": "1"}</c>.</summary>
    [Alias("CreateSession")]
    Task<CampaignReply> CreateSessionAsync(string userId);
}
