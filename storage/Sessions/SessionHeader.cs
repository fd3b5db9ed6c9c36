namespace Orleans.GameState.Storage.Sessions;

/// <summary>Who a session belongs to: the campaign, its GM and the players who may read it.</summary>
public sealed record SessionHeader(string SessionId, string CampaignId, string GmUserId, IReadOnlyList<string> MemberUserIds);
