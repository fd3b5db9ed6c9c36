namespace Orleans.GameState.Users;

/// <summary>One campaign a user belongs to, as <c>GET /api/campaigns</c> lists it: <c>{id, name, gmUserId, role}</c>.</summary>
[GenerateSerializer, Immutable, Alias("gs.UserCampaign")]
public sealed record UserCampaign(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string GmUserId,
    [property: Id(3)] string Role)
{
    public const string GmRole = "gm";
    public const string PlayerRole = "player";
}
