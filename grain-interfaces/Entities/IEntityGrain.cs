namespace Orleans.GameState.Entities;

/// <summary>
/// One backing model (a character, actor, item, encounter or map of a campaign): an opaque JSON object
/// with a string <c>id</c>. Keyed by <see cref="EntityKeys.For"/>. Only the campaign grain and the session
/// write-through call it; roles are checked by the campaign.
/// </summary>
[Alias("gs.IEntityGrain")]
public interface IEntityGrain : IGrainWithStringKey
{
    /// <summary>The entity as stored now, or <c>null</c> when it was never created.</summary>
    [Alias("Get")]
    Task<StoredEntity?> GetAsync();

    /// <summary>Stores the body when the entity does not exist yet; true when it was created.</summary>
    [Alias("CreateIfAbsent")]
    Task<bool> CreateIfAbsentAsync(string campaignId, string kind, string json);

    /// <summary>Replaces the whole body (REST <c>PUT</c>).</summary>
    [Alias("Replace")]
    Task<StoredEntity> ReplaceAsync(string campaignId, string kind, string json);

    /// <summary>
    /// Applies a session's state of this entity, unless it already applied that session's version or a later
    /// one (so replays and late flushes of stale activations change nothing). A <c>null</c> body marks the
    /// entity deleted and keeps its last body. Answers the entity as stored afterwards.
    /// </summary>
    [Alias("WriteThrough")]
    Task<StoredEntity> WriteThroughAsync(string campaignId, string kind, string id, EntityWriteThrough write);
}
