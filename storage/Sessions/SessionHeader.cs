namespace Orleans.GameState.Storage.Sessions;

/// <summary>
/// Who a session belongs to (the campaign, its GM and the players who may read it) and the version it was
/// created or imported at (<see cref="OriginVersion"/>: its first snapshot; its first broadcast is the next version),
/// when it was created (Unix ms, as stored) and when the GM ended it (<see cref="EndedAt"/>, null while it is live).
/// </summary>
public sealed record SessionHeader(
    string SessionId, string CampaignId, string GmUserId, IReadOnlyList<string> MemberUserIds, long OriginVersion,
    long CreatedAt = 0, long? EndedAt = null);
