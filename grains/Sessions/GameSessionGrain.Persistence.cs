using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.GameState.Configuration;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Grains.Telemetry;
using Orleans.GameState.Grains.WriteThrough;
using Orleans.GameState.Sessions;
using Orleans.GameState.Storage.Sessions;
using Orleans.Utilities;
using Polly;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>Snapshots and activation: the latest snapshot plus the log after it.</summary>
public sealed partial class GameSessionGrain
{
    private void MaybeSnapshot()
    {
        var document = _document!;
        if (_snapshotInFlight || !_snapshots.IsDue(document.SizeBytes))
        {
            return;
        }

        // Serialise now, inside this turn, so the snapshot is exactly this version; write it after answering.
        var version = document.Version;
        var json = document.ToJsonString();
        _snapshots.Reset();
        _snapshotInFlight = true;
        _ = WriteSnapshotInBackgroundAsync(version, json);
    }

    private async Task WriteSnapshotInBackgroundAsync(long version, string json)
    {
        try
        {
            await WriteSnapshotAsync(version, json, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogSnapshotFailed(e, SessionId, version);
        }
        finally
        {
            _snapshotInFlight = false;
        }
    }

    private async Task WriteSnapshotAsync(long version, string json, CancellationToken cancellationToken)
    {
        // Write-through hook (d): log rows after the written-through version are its outbox and must stay.
        var pruneUpTo = Math.Min(version - _options.LogRetention, writeThrough.WrittenThroughVersion);
        await _retry.ExecuteAsync(async token => await store.SaveSnapshotAsync(SessionId, version, json, pruneUpTo, token), cancellationToken);
        _snapshotVersion = Math.Max(_snapshotVersion, version);
        LogSnapshotWritten(SessionId, version, json.Length);
    }

    private async Task LoadAsync(StoredSession stored, CancellationToken cancellationToken)
    {
        var document = GameStateDocument.Parse(stored.SnapshotJson, _limits);
        var log = await store.ReadLogAsync(SessionId, stored.SnapshotVersion, cancellationToken);
        _recent.Clear();
        foreach (var entry in log)
        {
            var broadcast = JsonSerializer.Deserialize<UpdateBroadcast>(entry.BroadcastJson, ContractJson.Options)!;
            var replayed = document.Apply(broadcast.Operations, entry.LastUpdated, allowEmpty: true);
            if (!replayed.Success || document.Version != entry.Version)
            {
                throw new InvalidOperationException(
                    $"Session {SessionId}: log entry {entry.Version} does not replay ({replayed.Error?.Message}).");
            }

            _recent.Add(ToBroadcast(entry));
            _snapshots.Record(entry.BroadcastJson.Length);
        }

        _updateIds = new UpdateIdWindow(_options.LogRetention);
        foreach (var (updateId, version) in await store.ReadRecentUpdateIdsAsync(SessionId, _options.LogRetention, cancellationToken))
        {
            _updateIds.Add(updateId, version);
        }

        _header = stored.Header;
        _members = new HashSet<string>(stored.Header.MemberUserIds, StringComparer.Ordinal);
        _document = document;
        _snapshotVersion = stored.SnapshotVersion;
        // Write-through hook (b): owe every entity touched by log rows after the written-through version.
        await writeThrough.ResumeAsync(SessionId, stored.Header.CampaignId, document, stored.SnapshotVersion, log, cancellationToken);
        LogSessionLoaded(SessionId, stored.SnapshotVersion, log.Count, document.Version);
    }

    private SessionBroadcast ToBroadcast(LoggedUpdate entry) =>
        new(SessionId, entry.Version, Encoding.UTF8.GetBytes(entry.BroadcastJson), null, ReadMemberBroadcasts(entry.ViewsJson));
}
