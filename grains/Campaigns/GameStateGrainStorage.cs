namespace Orleans.GameState.Grains.Campaigns;

/// <summary>
/// The grain storage of campaigns and backing models: Orleans' ADO.NET provider on PostgreSQL (or memory
/// without a connection string), with <see cref="JsonGrainStateSerializer"/> so each row's payload is JSON
/// an operator can read with psql.
/// </summary>
/// <remarks>
/// Why Orleans grain storage rather than tables of our own: a campaign and an entity are each written by
/// their one grain only, whole, with optimistic concurrency (the ETag), which is exactly what the provider
/// does; nothing needs to query across them (lists go through the campaign's index), so own tables would
/// add code without adding a capability. The provider's two traps are avoided by construction: every key
/// starts with "c-" (never read as an integer or GUID), and every grain class has its own state name
/// (<see cref="StateNames"/>), since the row identity is (state name, key), not the grain class.
/// </remarks>
public static class GameStateGrainStorage
{
    public const string ProviderName = "GameState";

    /// <summary>One state name per grain class; a test checks that no two grain classes share one.</summary>
    public static class StateNames
    {
        public const string Campaign = "campaign";
        public const string Entity = "campaign-entity";
        public const string UserCampaigns = "user-campaigns";
    }
}
