namespace Orleans.GameState.Import.Bundles;

/// <summary>A campaign bundle after validation: every id decided, every entity a JSON object with a string id.</summary>
public sealed record CampaignBundle(
    string CampaignId,
    string Name,
    string GmUserId,
    IReadOnlyList<string> MemberUserIds,
    IReadOnlyDictionary<string, IReadOnlyList<BundleEntity>> Entities,
    IReadOnlyList<BundleSession> Sessions)
{
    public int EntityCount => Entities.Values.Sum(e => e.Count);
}

/// <summary>One backing model: its id and its JSON exactly as in the bundle.</summary>
public sealed record BundleEntity(string Id, string Json);

/// <summary>A session: with its state JSON, or null to hydrate it from the backing models at version 1.</summary>
public sealed record BundleSession(string SessionId, string? StateJson);
