namespace Orleans.GameState.Sessions;

/// <summary>
/// A failed update, for the <c>gameState:error</c> event. <see cref="ErrorJson"/> is the UTF-8 JSON of the
/// contract's <see cref="Contract.GameStateError"/>; <see cref="GmUserId"/> says whose connections get it.
/// </summary>
[GenerateSerializer, Immutable, Alias("gs.SessionUpdateFailed")]
public sealed record SessionUpdateFailed(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string GmUserId,
    [property: Id(2)] byte[] ErrorJson);
