namespace Orleans.GameState.Import.Importing;

/// <summary>What an import did. Re-importing the same bundle gives <see cref="Changed"/> = 0.</summary>
public sealed record ImportSummary(string CampaignId, int Changed, int Unchanged, IReadOnlyList<string> SessionIds);
