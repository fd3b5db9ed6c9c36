using Orleans.GameState.Campaigns;
using Orleans.GameState.Import.Bundles;

namespace Orleans.GameState.Import.Importing;

/// <summary>
/// Writes a validated bundle through the campaign grain: the campaign, then the backing models in batches,
/// then the sessions (those without a state are hydrated from the backing models just imported). Every step
/// creates only what is missing, so the same bundle can be imported any number of times.
/// </summary>
public sealed class BundleImporter(IGrainFactory grains, TextWriter progress, int batchSize = 200)
{
    public async Task<ImportSummary> ImportAsync(CampaignBundle bundle, CancellationToken cancellationToken)
    {
        var campaign = grains.GetGrain<ICampaignImportGrain>(bundle.CampaignId);
        var changed = 0;
        var unchanged = 0;

        void Count(ImportOutcome outcome, string what)
        {
            if (outcome.Error is { } error)
            {
                throw new ImportFailedException($"{what}: {error}");
            }

            changed += outcome.Changed;
            unchanged += outcome.Unchanged;
        }

        Count(await campaign.ImportCampaignAsync(new CampaignImport(bundle.Name, bundle.GmUserId, bundle.MemberUserIds)), "campaign");
        await progress.WriteLineAsync($"campaign {bundle.CampaignId} \"{bundle.Name}\" (GM {bundle.GmUserId}, {bundle.MemberUserIds.Count} members)");

        var total = bundle.EntityCount;
        var done = 0;
        foreach (var (kind, entities) in bundle.Entities)
        {
            foreach (var batch in entities.Chunk(Math.Max(1, batchSize)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Count(await campaign.ImportEntitiesAsync(kind, batch.Select(e => e.Json).ToList()), kind);
                done += batch.Length;
                await progress.WriteLineAsync($"entities {done}/{total} ({kind})");
            }
        }

        for (var i = 0; i < bundle.Sessions.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var session = bundle.Sessions[i];
            Count(await campaign.ImportSessionAsync(session.SessionId, session.StateJson), $"session {session.SessionId}");
            await progress.WriteLineAsync($"sessions {i + 1}/{bundle.Sessions.Count} ({session.SessionId}, {(session.StateJson is null ? "hydrated" : "with state")})");
        }

        return new ImportSummary(bundle.CampaignId, changed, unchanged, bundle.Sessions.Select(s => s.SessionId).ToList());
    }
}

/// <summary>The cluster refused part of a bundle (e.g. the campaign exists with another GM).</summary>
public sealed class ImportFailedException(string message) : Exception(message);
