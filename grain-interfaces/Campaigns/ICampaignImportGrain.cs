namespace Orleans.GameState.Campaigns;

/// <summary>
/// The import path (tools/Import), implemented by the campaign grain. Every call is idempotent: what
/// exists is left as it is, so running the same bundle again changes nothing and duplicates nothing.
/// Acts as the operator, for no user: only the import tool calls it.
/// </summary>
[Alias("gs.ICampaignImportGrain")]
public interface ICampaignImportGrain : IGrainWithStringKey
{
    /// <summary>Creates the campaign, or checks that the existing one has the same GM and adds missing members.</summary>
    [Alias("ImportCampaign")]
    Task<ImportOutcome> ImportCampaignAsync(CampaignImport campaign);

    /// <summary>Creates the backing models that do not exist yet (each JSON object carries its string <c>id</c>).</summary>
    [Alias("ImportEntities")]
    Task<ImportOutcome> ImportEntitiesAsync(string kind, IReadOnlyList<string> entityJsons);

    /// <summary>
    /// Creates the session unless it exists: from <paramref name="stateJson"/> when given, else hydrated from
    /// the backing models at version 1.
    /// </summary>
    [Alias("ImportSession")]
    Task<ImportOutcome> ImportSessionAsync(string sessionId, string? stateJson);
}
