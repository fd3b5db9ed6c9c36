using Orleans.Concurrency;

namespace Orleans.GameState.Campaigns;

/// <summary>
/// The campaign as the session write-through sees it (implemented by the same grain as
/// <see cref="ICampaignGrain"/>, same key). Not for clients: it acts for no user.
/// </summary>
[Alias("gs.ICampaignWriteThroughGrain")]
public interface ICampaignWriteThroughGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records entities written through by a session (created, updated, deleted). Interleaves with every
    /// other call, because the campaign itself calls sessions (membership, PUT) while a session's flush
    /// may be calling here: without interleaving the two could wait on each other.
    /// </summary>
    [AlwaysInterleave]
    [Alias("RecordEntities")]
    Task RecordEntitiesAsync(IReadOnlyList<EntityIndexChange> changes);

    /// <summary>Every session of the campaign, in creation order.</summary>
    [AlwaysInterleave]
    [Alias("GetSessionIds")]
    Task<IReadOnlyList<string>> GetSessionIdsAsync();
}
