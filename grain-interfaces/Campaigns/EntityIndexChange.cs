namespace Orleans.GameState.Campaigns;

/// <summary>One backing model as the campaign's index should now know it: its kind, id and whether it is deleted.</summary>
[GenerateSerializer, Immutable, Alias("gs.EntityIndexChange")]
public sealed record EntityIndexChange(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] bool Deleted);
