namespace Orleans.GameState.Entities;

/// <summary>
/// The state of an entity in session <see cref="SessionId"/> at version <see cref="Version"/>:
/// <see cref="Json"/> is its body there, or <c>null</c> when the entity is not in that state (deleted).
/// </summary>
[GenerateSerializer, Immutable, Alias("gs.EntityWriteThrough")]
public sealed record EntityWriteThrough(
    [property: Id(0)] string SessionId,
    [property: Id(1)] long Version,
    [property: Id(2)] string? Json);
