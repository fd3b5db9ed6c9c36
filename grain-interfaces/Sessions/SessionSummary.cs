namespace Orleans.GameState.Sessions;

/// <summary>One session in a campaign's description (CONTRACT section 10): its version, when it was created (Unix ms), whether it ended.</summary>
[GenerateSerializer, Immutable, Alias("gs.SessionSummary")]
public sealed record SessionSummary(
    [property: Id(0)] string SessionId,
    [property: Id(1)] long Version,
    [property: Id(2)] long CreatedAt,
    [property: Id(3)] bool Ended);
