namespace Orleans.GameState.Campaigns;

[GenerateSerializer, Alias("gs.CampaignRole")]
public enum CampaignRole
{
    NotFound = 0,
    Stranger = 1,
    Member = 2,
    Gm = 3,
}
