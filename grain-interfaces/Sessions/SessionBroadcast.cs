namespace Orleans.GameState.Sessions;

/// <summary>
/// One accepted update as the relay receives it. <see cref="UpdatedJson"/> is the UTF-8 JSON of the
/// contract's <c>gameState:updated</c> payload (<see cref="Contract.UpdateBroadcast"/>), serialised once by
/// the grain and stored as is in the update log, so neither the relay nor the catch-up path re-serialises it.
/// <see cref="EncounterStartedJson"/> is the <c>encounter:started</c> payload when this update made the
/// current encounter active.
/// </summary>
[GenerateSerializer, Immutable, Alias("gs.SessionBroadcast")]
public sealed record SessionBroadcast(
    [property: Id(0)] string SessionId,
    [property: Id(1)] long Version,
    [property: Id(2)] byte[] UpdatedJson,
    [property: Id(3)] byte[]? EncounterStartedJson);
