using System.Text.Json;

namespace Orleans.GameState.Client.Rest;

/// <summary><c>POST /api/campaigns</c>: the new campaign.</summary>
public sealed record CreatedCampaign(string Id, string Name, string GmUserId);

/// <summary>One entry of <c>GET /api/campaigns</c>; <see cref="Role"/> is <c>gm</c> or <c>player</c>.</summary>
public sealed record CampaignSummary(string Id, string Name, string GmUserId, string Role);

/// <summary><c>GET /api/campaigns/{id}</c>.</summary>
public sealed record CampaignDetails(string Id, string Name, string GmUserId, IReadOnlyList<string> Members, IReadOnlyList<CampaignSession> Sessions);

/// <summary>A session of a campaign; <see cref="CreatedAt"/> in Unix milliseconds.</summary>
public sealed record CampaignSession(string SessionId, string StateVersion, long CreatedAt, bool Ended);

/// <summary><c>POST /api/campaigns/{id}/sessions</c>: the new session and its first version.</summary>
public sealed record CreatedSession(string SessionId, string StateVersion);

/// <summary><c>POST /api/sessions/{id}/end</c>.</summary>
public sealed record EndedSession(string SessionId, string StateVersion, bool Ended);

internal sealed record DevTokenBody(string Token);

internal sealed record GameStateBody(JsonElement GameState);

internal sealed record UpdatesBody(IReadOnlyList<Contract.UpdateBroadcast> Updates);

internal sealed record ErrorBody(Contract.ErrorInfo? Error);
