using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Entities;
using Orleans.GameState.Grains.Telemetry;
using Orleans.GameState.Storage.Sessions;
using Orleans.GameState.Storage.WriteThrough;

namespace Orleans.GameState.Grains.WriteThrough;

/// <summary>
/// A session's write-through to its campaign's backing models, owned by the session grain (one per
/// activation) and run on the grain's scheduler, so it reads the state document without locks.
/// </summary>
/// <remarks>
/// <para>The update log is the outbox. The session keeps a written-through version W (persisted) and the set
/// of entities touched by accepted updates after W. A flush reads the current body of each of them at the
/// acknowledged version V (null when the entity is gone), writes it to its entity grain tagged (session, V),
/// records the index changes in the campaign, then persists W = V.</para>
/// <para>Exactly once in effect: an entity ignores a write from a session version it has already applied or
/// passed, and writing the state at V is idempotent, so repeating a flush after a crash changes nothing more.
/// Crash-safe: after a crash the next activation takes the union of the touched entities of the log rows after
/// W (snapshot pruning keeps them) and flushes again, so the backing models converge to the state of the last
/// acknowledged update. A session nobody calls after its silo died is woken by <see cref="WriteThroughRecovery"/>.</para>
/// <para>Off the critical path: an accepted update only adds to the set and, if no flush is running, starts one
/// after the current turn. Bursts coalesce: each flush writes the newest body once. Only durable versions are
/// flushed: while an append is in flight (the document is ahead of the acknowledged version) the flush waits.</para>
/// </remarks>
public sealed partial class SessionWriteThrough(
    IGrainFactory grains,
    IWriteThroughStore store,
    ISessionStore sessions,
    IOptions<WriteThroughOptions> options,
    SessionMetrics metrics,
    ILogger<SessionWriteThrough> logger)
{
    private readonly WriteThroughOptions _options = options.Value;
    private readonly HashSet<TouchedEntity> _dirty = [];
    private string _sessionId = string.Empty;
    private string _campaignId = string.Empty;
    private GameStateDocument? _document;
    private bool _hasCampaign;
    private long _acknowledged;
    private long _writtenThrough;
    private Task? _loop;
    private bool _stopped;
    private int _failures;
    private long? _owedSince;

    /// <summary>
    /// The newest version whose touched entities are written through and recorded as such: log rows after it
    /// must be kept, whatever the snapshot policy says.
    /// </summary>
    public long WrittenThroughVersion => _writtenThrough;

    private bool Behind => _dirty.Count > 0 || _writtenThrough < _acknowledged;

    /// <summary>A new session: its state was just made from the backing models, so nothing is owed.</summary>
    public void Start(string sessionId, string campaignId, GameStateDocument document)
    {
        Attach(sessionId, campaignId, document);
        _writtenThrough = document.Version;
    }

    /// <summary>
    /// An activation of an existing session: owes every entity touched after the persisted written-through
    /// version. <paramref name="replayed"/> is the log after <paramref name="snapshotVersion"/>, already read.
    /// </summary>
    public async Task ResumeAsync(
        string sessionId, string campaignId, GameStateDocument document, long snapshotVersion,
        IReadOnlyList<LoggedUpdate> replayed, CancellationToken cancellationToken)
    {
        Attach(sessionId, campaignId, document);
        if (!_hasCampaign)
        {
            _writtenThrough = document.Version;
            return;
        }

        var written = Math.Min(await store.ReadAsync(sessionId, cancellationToken) ?? 0, document.Version);
        var pending = written >= snapshotVersion ? replayed : await sessions.ReadLogAsync(sessionId, written, cancellationToken);
        var rows = 0;
        foreach (var entry in pending.Where(e => e.Version > written && e.Version <= document.Version))
        {
            rows++;
            foreach (var touched in TouchedEntity.ParseList(entry.TouchedEntitiesJson))
            {
                MarkDirty(touched);
            }
        }

        _writtenThrough = written;
        if (Behind)
        {
            LogResuming(sessionId, written, document.Version, rows, _dirty.Count);
            Schedule(TimeSpan.Zero);
        }
    }

    /// <summary>An update is durable at <paramref name="version"/>; called in the update's turn, returns at once.</summary>
    public void OnAccepted(long version, IEnumerable<EntityRef> touched)
    {
        _acknowledged = Math.Max(_acknowledged, version);
        if (!_hasCampaign)
        {
            // A session made without a campaign (tests drive session grains directly): no backing models, nothing owed.
            _writtenThrough = _acknowledged;
            return;
        }

        _owedSince ??= TimeProvider.System.GetTimestamp();
        foreach (var entity in touched)
        {
            MarkDirty(new TouchedEntity(entity.Kind, entity.Id));
        }

        Schedule(_options.FlushDelay);
    }

    /// <summary>The deactivating session's last flush, bounded in time. Whatever it misses, the next activation resumes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        if (_options.FinalFlushTimeout <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FinalFlushTimeout);
        try
        {
            if (_loop is { } loop)
            {
                await loop.WaitAsync(timeout.Token);
            }

            if (Behind)
            {
                await FlushAsync().WaitAsync(timeout.Token);
            }
        }
        catch (Exception e)
        {
            LogFinalFlushIncomplete(e, _sessionId, _writtenThrough, _acknowledged);
        }
    }

    private void Attach(string sessionId, string campaignId, GameStateDocument document)
    {
        _sessionId = sessionId;
        _campaignId = campaignId;
        _document = document;
        _hasCampaign = CampaignIds.IsCampaignId(campaignId);
        _acknowledged = document.Version;
        _dirty.Clear();
        _stopped = false;
    }

    private void MarkDirty(TouchedEntity entity)
    {
        if (entity.Kind == TouchedEntity.TokensKind)
        {
            // Tokens are stored on the encounter they belong to (the current one).
            if (EntityProjection.CurrentEncounterId(_document!) is { } encounterId)
            {
                _dirty.Add(new TouchedEntity(EntityKinds.Encounters, encounterId));
            }
        }
        else if (EntityKinds.IsKnown(entity.Kind))
        {
            _dirty.Add(entity);
        }
    }

    private void Schedule(TimeSpan delay)
    {
        if (_stopped || _loop is { IsCompleted: false })
        {
            return;
        }

        _loop = RunAsync(delay);
    }

    private async Task RunAsync(TimeSpan delay)
    {
        // Leave the update's turn first: the GM's answer never waits for the write-through.
        await Task.Yield();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        while (!_stopped && Behind)
        {
            if (_dirty.Count == 0)
            {
                // Only the version is owed: let a run of such updates (or a touched entity) gather first.
                await Task.Delay(_options.VersionOnlyDelay);
            }

            if (!await FlushAsync())
            {
                var backoff = TimeSpan.FromTicks(Math.Min(
                    _options.MaxRetryDelay.Ticks, _options.RetryDelay.Ticks * (1L << Math.Min(_failures - 1, 16))));
                await Task.Delay(backoff);
            }
            else if (!_stopped && Behind)
            {
                // A burst is going on: pace the flushes; each one writes the newest bodies, so nothing is lost by waiting.
                await Task.Delay(_options.FlushInterval);
            }
        }
    }

    /// <summary>One flush of everything owed at the acknowledged version; false when it failed (then owed again).</summary>
    private async Task<bool> FlushAsync()
    {
        var document = _document!;
        if (document.Version != _acknowledged)
        {
            // An update is applied in memory but not yet durable (or being undone): write only durable versions.
            await Task.Delay(_options.SettleDelay);
            return true;
        }

        var version = _acknowledged;
        var batch = _dirty.ToArray();
        _dirty.Clear();

        // Read every body now, in this turn, so that all of them are the state at exactly this version.
        var writes = batch.Select(entity => EntityProjection.Project(document, entity)).ToArray();
        try
        {
            await WriteAsync(version, writes);
            await store.SaveAsync(_sessionId, version, CancellationToken.None);
            _writtenThrough = Math.Max(_writtenThrough, version);
            _failures = 0;
            if (_owedSince is { } owedSince && version >= _acknowledged)
            {
                metrics.WrittenThrough(TimeProvider.System.GetElapsedTime(owedSince));
                _owedSince = null;
            }
            LogFlushed(_sessionId, version, writes.Length);
            return true;
        }
        catch (Exception e)
        {
            foreach (var entity in batch)
            {
                _dirty.Add(entity);
            }

            _failures++;
            LogFlushFailed(e, _sessionId, version, writes.Length, _failures);
            return false;
        }
    }

    /// <summary>Entities first, then the index: the index never names an entity that has no body yet.</summary>
    private async Task WriteAsync(long version, IReadOnlyList<EntityWrite> writes)
    {
        if (writes.Count == 0)
        {
            return;
        }

        var changes = new List<EntityIndexChange>(writes.Count);
        foreach (var chunk in writes.Chunk(Math.Max(1, _options.MaxConcurrentWrites)))
        {
            var stored = await Task.WhenAll(chunk.Select(write =>
                grains.GetGrain<IEntityGrain>(EntityKeys.For(_campaignId, write.Kind, write.Id))
                    .WriteThroughAsync(_campaignId, write.Kind, write.Id, new EntityWriteThrough(_sessionId, version, write.Json))));
            changes.AddRange(chunk.Zip(stored, (write, entity) => new EntityIndexChange(write.Kind, write.Id, entity.Deleted)));
        }

        await grains.GetGrain<ICampaignWriteThroughGrain>(_campaignId).RecordEntitiesAsync(changes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} resumes write-through from version {WrittenThrough} to {Version}: {Rows} logged updates, {Entities} entities")]
    private partial void LogResuming(string sessionId, long writtenThrough, long version, int rows, int entities);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} wrote through version {Version} ({Entities} entities)")]
    private partial void LogFlushed(string sessionId, long version, int entities);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} could not write through version {Version} ({Entities} entities, failure {Failures}); will retry")]
    private partial void LogFlushFailed(Exception exception, string sessionId, long version, int entities, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} deactivated written through to {WrittenThrough} of {Version}; the next activation resumes")]
    private partial void LogFinalFlushIncomplete(Exception exception, string sessionId, long writtenThrough, long version);
}
