namespace Orleans.GameState.Gateway.Rest;

/// <summary>One entry of <c>GET /api/campaigns</c>.</summary>
public sealed record CampaignListEntry(string Id, string Name, string GmUserId, string Role);

/// <summary>One session of <c>GET /api/campaigns/{campaignId}</c>.</summary>
public sealed record CampaignSessionEntry(string SessionId, string StateVersion, long CreatedAt, bool Ended);

/// <summary>The answer of <c>GET /api/campaigns/{campaignId}</c>.</summary>
public sealed record CampaignDescription(string Id, string Name, string GmUserId, IReadOnlyList<string> Members, IReadOnlyList<CampaignSessionEntry> Sessions);

/// <summary>The answer of <c>POST /api/sessions/{sessionId}/end</c>.</summary>
public sealed record SessionEndedResponse(string SessionId, string StateVersion, bool Ended);
