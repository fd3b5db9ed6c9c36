namespace Orleans.GameState.Campaigns;

/// <summary>The campaign part of an import bundle: created when absent, members added when missing.</summary>
[GenerateSerializer, Immutable, Alias("gs.CampaignImport")]
public sealed record CampaignImport(
    [property: Id(0)] string Name,
    [property: Id(1)] string GmUserId,
    [property: Id(2)] IReadOnlyList<string> MemberUserIds);

/// <summary>What one import call did: <see cref="Changed"/> is 0 when the same bundle is imported again.</summary>
[GenerateSerializer, Immutable, Alias("gs.ImportOutcome")]
public sealed record ImportOutcome(
    [property: Id(0)] int Changed,
    [property: Id(1)] int Unchanged,
    [property: Id(2)] string? Error = null)
{
    public static ImportOutcome Failed(string error) => new(0, 0, error);
}
