namespace Orleans.GameState.Campaigns;

/// <summary>The REST shape <c>{id, name, gmUserId}</c> plus the players.</summary>
[GenerateSerializer, Immutable, Alias("gs.CampaignInfo")]
public sealed record CampaignInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string GmUserId,
    [property: Id(3)] IReadOnlyList<string> MemberUserIds);
