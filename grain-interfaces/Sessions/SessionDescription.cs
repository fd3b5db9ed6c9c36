namespace Orleans.GameState.Sessions;

[GenerateSerializer, Immutable, Alias("gs.SessionDescription")]
public sealed record SessionDescription(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string CampaignId,
    [property: Id(2)] string GmUserId,
    [property: Id(3)] long Version,
    [property: Id(4)] string HostSilo);
