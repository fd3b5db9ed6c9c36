namespace Orleans.GameState.Entities;

/// <summary>A backing model as stored now: its JSON (with <c>"deleted": true</c> when deleted).</summary>
[GenerateSerializer, Immutable, Alias("gs.StoredEntity")]
public sealed record StoredEntity(
    [property: Id(0)] string Json,
    [property: Id(1)] bool Deleted);
