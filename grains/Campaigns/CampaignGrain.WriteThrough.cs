using Microsoft.Extensions.Logging;
using Orleans.GameState.Campaigns;

namespace Orleans.GameState.Grains.Campaigns;

/// <summary>The index side of the session write-through.</summary>
public sealed partial class CampaignGrain
{
    public Task RecordEntitiesAsync(IReadOnlyList<EntityIndexChange> changes)
    {
        if (!Exists)
        {
            LogUnknownCampaign(CampaignId, changes.Count);
            return Task.CompletedTask;
        }

        return RecordAsync(changes);
    }

    public Task<IReadOnlyList<string>> GetSessionIdsAsync() => Task.FromResult<IReadOnlyList<string>>(State.SessionIds.ToArray());

    /// <summary>Applies index changes; storage is written only when something changed.</summary>
    private Task RecordAsync(IEnumerable<EntityIndexChange> changes)
    {
        var changed = false;
        foreach (var change in changes)
        {
            var index = IndexOf(change.Kind);
            if (!index.TryGetValue(change.Id, out var deleted) || deleted != change.Deleted)
            {
                index[change.Id] = change.Deleted;
                changed = true;
            }
        }

        return changed ? Writes.WriteAsync() : Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write-through of {Count} entities to campaign {CampaignId}, which does not exist: ignored")]
    private partial void LogUnknownCampaign(string campaignId, int count);
}
