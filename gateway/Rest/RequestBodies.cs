namespace Orleans.GameState.Gateway.Rest;

public sealed record DevTokenRequest(string? UserId);

public sealed record DevTokenResponse(string Token);

public sealed record CreateCampaignRequest(string? Name);

public sealed record CampaignResponse(string Id, string Name, string GmUserId);

public sealed record AddMemberRequest(string? UserId);
