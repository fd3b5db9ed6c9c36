namespace Orleans.GameState.Sessions;

/// <summary>Creates a session of a campaign with its hydrated initial state (a full game-state JSON document).</summary>
[GenerateSerializer, Immutable, Alias("gs.CreateSessionCommand")]
public sealed record CreateSessionCommand(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string GmUserId,
    [property: Id(2)] IReadOnlyList<string> MemberUserIds,
    [property: Id(3)] string InitialStateJson);
