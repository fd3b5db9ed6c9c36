namespace Orleans.GameState.Grains.Campaigns;

/// <summary>
/// A campaign as stored (state name <c>campaign</c>), readable in psql, e.g.
/// <c>{"name":"…","gmUserId":"u1","memberUserIds":["u2"],"entities":{"characters":{"c1":false}},"sessionIds":["s-…"]}</c>.
/// The bodies of the backing models live in their own grains; here is the index of their ids by kind, each
/// with its deleted flag, which is what lists and hydration walk.
/// </summary>
public sealed class CampaignState
{
    public string? Name { get; set; }

    /// <summary>Null until the campaign is created: the campaign exists exactly when this is set.</summary>
    public string? GmUserId { get; set; }

    public List<string> MemberUserIds { get; set; } = [];

    /// <summary>kind → id → deleted. Sorted by id so that lists and hydrated states come in a stable order.</summary>
    public Dictionary<string, SortedDictionary<string, bool>> Entities { get; set; } = new(StringComparer.Ordinal);

    public List<string> SessionIds { get; set; } = [];

    public long CreatedAt { get; set; }

    /// <summary>A deep copy, for the storage provider to serialise while the grain goes on changing the original.</summary>
    public CampaignState Clone() => new()
    {
        Name = Name,
        GmUserId = GmUserId,
        MemberUserIds = [.. MemberUserIds],
        Entities = Entities.ToDictionary(e => e.Key, e => new SortedDictionary<string, bool>(e.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        SessionIds = [.. SessionIds],
        CreatedAt = CreatedAt,
    };
}
