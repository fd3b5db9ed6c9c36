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

/// <summary>
/// One game session. Orleans runs one request at a time per activation, which is exactly the
/// serialisation GM updates need; the (session, version) key in the log guards the rare moment when
/// two activations exist. An update goes: permission, idempotency, version, engine, durable append,
/// answer, broadcast. Memory is changed first and undone if the append fails, so the state document is
/// never copied.
/// </summary>
public sealed partial class GameSessionGrain(
    ISessionStore store,
    IOptions<SessionOptions> sessionOptions,
    IOptions<LimitsOptions> limitsOptions,
    TimeProvider clock,
    SessionWriteThrough writeThrough,
    SessionMetrics metrics,
    ILogger<GameSessionGrain> logger) : Grain, IGameSessionGrain
{
    private readonly SessionOptions _options = sessionOptions.Value;
    private readonly StateLimits _limits = limitsOptions.Value.ToStateLimits();
    private readonly ResiliencePipeline _retry = StorageRetryPipeline.Create(sessionOptions.Value, metrics.StorageRetried);
    private readonly SnapshotPolicy _snapshots = new(sessionOptions.Value);
    private readonly RecentBroadcasts _recent = new(sessionOptions.Value.RecentBroadcasts);
    private UpdateIdWindow _updateIds = new(sessionOptions.Value.LogRetention);
    private ObserverManager<ISessionObserver>? _observers;
    private SessionHeader? _header;
    private HashSet<string> _members = new(StringComparer.Ordinal);
    private GameStateDocument? _document;
    private long _snapshotVersion;
    private bool _snapshotInFlight;

    private string SessionId => this.GetPrimaryKeyString();

    private ObserverManager<ISessionObserver> Observers => _observers ??= new(_options.ObserverExpiry, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(SessionId, cancellationToken);
        if (stored is not null)
        {
            await LoadAsync(stored, cancellationToken);
            metrics.SessionActivated();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Write-through hook (c): last flush, best effort and bounded; what it misses the next activation resumes.
        if (_document is not null)
        {
            metrics.SessionDeactivated();
            await writeThrough.StopAsync(cancellationToken);
        }

        if (_document is not null && _document.Version > _snapshotVersion && !_snapshotInFlight)
        {
            try
            {
                await WriteSnapshotAsync(_document.Version, _document.ToJsonString(), cancellationToken);
            }
            catch (Exception e)
            {
                // The log already holds every acknowledged update; the snapshot only shortens the next replay.
                LogSnapshotFailed(e, SessionId, _document.Version);
            }
        }
    }

    public async Task<SessionCreated> CreateAsync(CreateSessionCommand command)
    {
        if (_document is not null)
        {
            return new SessionCreated(SessionId, VersionText(_document.Version), AlreadyExisted: true);
        }

        var document = GameStateDocument.Parse(command.InitialStateJson, _limits);
        var header = new SessionHeader(SessionId, command.CampaignId, command.GmUserId, command.MemberUserIds.ToArray());
        var created = await _retry.ExecuteAsync(
            async token => await store.CreateAsync(header, document.Version, command.InitialStateJson, token), CancellationToken.None);
        if (!created)
        {
            // Another activation created it a moment ago: adopt what is stored.
            var stored = await store.LoadAsync(SessionId, CancellationToken.None)
                ?? throw new InvalidOperationException($"Session {SessionId} vanished while being created.");
            await LoadAsync(stored, CancellationToken.None);
            return new SessionCreated(SessionId, VersionText(_document!.Version), AlreadyExisted: true);
        }

        _header = header;
        _members = new HashSet<string>(header.MemberUserIds, StringComparer.Ordinal);
        _document = document;
        _snapshotVersion = document.Version;
        metrics.SessionActivated();
        writeThrough.Start(SessionId, command.CampaignId, document); // write-through: nothing owed yet
        LogSessionCreated(SessionId, command.CampaignId);
        return new SessionCreated(SessionId, VersionText(document.Version), AlreadyExisted: false);
    }

    public async Task<StateUpdateResponse> UpdateAsync(StateUpdate update, string userId)
    {
        if (_document is null || _header is null)
        {
            return StateUpdateResponse.Failed(NotFound());
        }

        var failure = CheckGmUpdate(update, userId);
        if (failure is not null)
        {
            metrics.Rejected(failure.Code);
            NotifyFailure(update.Id, failure);
            return StateUpdateResponse.Failed(failure);
        }

        var response = await ApplyAsync(update.Id!, update.Version!, update.Operations!, update.Timestamp, UpdateSources.Gm);
        if (response.Error is { } error)
        {
            NotifyFailure(update.Id, error);
        }

        return response;
    }

    public async Task<StateUpdateResponse> ApplySystemUpdateAsync(SystemUpdateCommand command)
    {
        if (_document is null)
        {
            return StateUpdateResponse.Failed(NotFound());
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await ApplyAsync(command.UpdateId, VersionText(_document.Version), command.Operations, now, UpdateSources.System);
    }

    public Task<SessionStateView> GetStateAsync(string userId)
    {
        if (_document is null)
        {
            return Task.FromResult(SessionStateView.Failed(NotFound()));
        }

        if (!IsMember(userId))
        {
            return Task.FromResult(SessionStateView.Failed(SessionErrors.NotMember(SessionId)));
        }

        return Task.FromResult(new SessionStateView(null, IsGm(userId), _document.Version, _document.ToUtf8Bytes()));
    }

    public Task<UpdatesSinceView> GetUpdatesSinceAsync(string userId, long version)
    {
        if (_document is not null && !IsMember(userId))
        {
            return Task.FromResult(UpdatesSinceView.Failed(SessionErrors.NotMember(SessionId)));
        }

        return ReadBroadcastsSinceAsync(version);
    }

    public async Task<UpdatesSinceView> ReadBroadcastsSinceAsync(long version)
    {
        if (_document is null)
        {
            return UpdatesSinceView.Failed(NotFound());
        }

        if (version < 0)
        {
            return UpdatesSinceView.Failed(SessionErrors.BadVersion(version));
        }

        if (version >= _document.Version)
        {
            return new UpdatesSinceView(null, []);
        }

        if (_recent.After(version) is { } fromMemory)
        {
            return new UpdatesSinceView(null, fromMemory);
        }

        var current = _document.Version;
        var logged = await store.ReadLogAsync(SessionId, version, CancellationToken.None);
        var updates = logged.Where(u => u.Version <= current).Select(ToBroadcast).ToList();
        if (updates.Count == 0 || updates[0].Version != version + 1 || updates[^1].Version != current)
        {
            return UpdatesSinceView.Failed(SessionErrors.HistoryUnavailable(version));
        }

        return new UpdatesSinceView(null, updates);
    }

    public Task<SessionSubscription> SubscribeAsync(ISessionObserver observer)
    {
        if (_document is null)
        {
            return Task.FromResult(new SessionSubscription(false, 0));
        }

        Observers.Subscribe(observer, observer);
        return Task.FromResult(new SessionSubscription(true, _document.Version));
    }

    public Task UnsubscribeAsync(ISessionObserver observer)
    {
        _observers?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task SetMembersAsync(IReadOnlyList<string> memberUserIds)
    {
        if (_header is null)
        {
            return;
        }

        await _retry.ExecuteAsync(async token => await store.SetMembersAsync(SessionId, memberUserIds, token), CancellationToken.None);
        _header = _header with { MemberUserIds = memberUserIds.ToArray() };
        _members = new HashSet<string>(memberUserIds, StringComparer.Ordinal);
    }

    public Task<SessionDescription?> DescribeAsync() =>
        Task.FromResult(_header is null || _document is null
            ? null
            : new SessionDescription(SessionId, _header.CampaignId, _header.GmUserId, _document.Version, RuntimeIdentity));

    private ErrorInfo? CheckGmUpdate(StateUpdate update, string userId)
    {
        if (!IsGm(userId))
        {
            return IsMember(userId) ? SessionErrors.NotGm(SessionId) : SessionErrors.NotMember(SessionId);
        }

        if (update.Source == UpdateSources.System)
        {
            return SessionErrors.SystemSource();
        }

        if (StateUpdateValidator.Validate(update) is { } invalid)
        {
            return invalid;
        }

        return update.SessionId == SessionId ? null : SessionErrors.WrongSession(SessionId);
    }

    private async Task<StateUpdateResponse> ApplyAsync(
        string updateId, string version, IReadOnlyList<StateOperation> operations, long timestamp, string source)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await ApplyDurablyAsync(updateId, version, operations, timestamp, source);
        if (response.Error is { } error)
        {
            metrics.Rejected(error.Code);
        }
        else
        {
            metrics.Applied(source, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return response;
    }

    private async Task<StateUpdateResponse> ApplyDurablyAsync(
        string updateId, string version, IReadOnlyList<StateOperation> operations, long timestamp, string source)
    {
        var document = _document!;

        // Idempotency comes before the version check: a resent accepted update gets its original answer.
        if (_updateIds.TryGetVersion(updateId, out var acceptedAt))
        {
            return StateUpdateResponse.Accepted(VersionText(acceptedAt));
        }

        if (version != VersionText(document.Version))
        {
            // Beyond the in-memory window, the log may still know this id.
            if (await store.FindUpdateVersionAsync(SessionId, updateId, CancellationToken.None) is { } olderVersion)
            {
                return StateUpdateResponse.Accepted(VersionText(olderVersion));
            }

            return StateUpdateResponse.Failed(SessionErrors.Conflict(version, document.Version));
        }

        var encounterBefore = EncounterActivation.Read(document);
        var lastUpdated = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var result = document.Apply(operations, lastUpdated);
        if (result.Update is not { } applied)
        {
            return StateUpdateResponse.Failed(result.Error!);
        }

        var broadcast = new UpdateBroadcast(
            SessionId, updateId, VersionText(applied.PreviousVersion), VersionText(applied.NewVersion), applied.Operations, timestamp, source);
        var broadcastJson = JsonSerializer.SerializeToUtf8Bytes(broadcast, ContractJson.Options);
        var touchedJson = JsonSerializer.Serialize(applied.TouchedEntities, ContractJson.Options);
        var logged = new LoggedUpdate(applied.NewVersion, updateId, lastUpdated, Encoding.UTF8.GetString(broadcastJson), touchedJson);

        AppendOutcome outcome;
        try
        {
            outcome = await _retry.ExecuteAsync(async token => await store.AppendAsync(SessionId, logged, token), CancellationToken.None);
        }
        catch (Exception e)
        {
            document.Undo(applied);
            // The last attempt may have committed without our hearing of it: start over from what storage holds.
            DeactivateOnIdle();
            LogStorageFailed(e, SessionId, updateId, applied.NewVersion);
            return StateUpdateResponse.Failed(SessionErrors.StorageFailed());
        }

        switch (outcome.Kind)
        {
            case AppendOutcomeKind.VersionTaken:
                document.Undo(applied);
                DeactivateOnIdle();
                var latest = await store.ReadLatestVersionAsync(SessionId, CancellationToken.None) ?? document.Version;
                LogStaleActivation(SessionId, applied.NewVersion, latest);
                return StateUpdateResponse.Failed(SessionErrors.Conflict(version, latest));
            case AppendOutcomeKind.UpdateIdTaken when outcome.ExistingVersion != applied.NewVersion:
                document.Undo(applied);
                return StateUpdateResponse.Accepted(VersionText(outcome.ExistingVersion));
        }

        _updateIds.Add(updateId, applied.NewVersion);
        writeThrough.OnAccepted(applied.NewVersion, applied.TouchedEntities); // write-through hook (a): returns at once
        _snapshots.Record(broadcastJson.Length);
        var sessionBroadcast = new SessionBroadcast(SessionId, applied.NewVersion, broadcastJson, EncounterStartedJson(encounterBefore, applied.NewVersion));
        _recent.Add(sessionBroadcast);
        Publish(sessionBroadcast);
        LogUpdateApplied(SessionId, updateId, applied.NewVersion, operations.Count, source);
        MaybeSnapshot();
        return StateUpdateResponse.Accepted(VersionText(applied.NewVersion));
    }

    private byte[]? EncounterStartedJson(EncounterActivation before, long version)
    {
        var after = EncounterActivation.Read(_document!);
        if (!after.StartedSince(before))
        {
            return null;
        }

        return JsonSerializer.SerializeToUtf8Bytes(new EncounterStarted(SessionId, after.EncounterId!, VersionText(version)), ContractJson.Options);
    }

    private void Publish(SessionBroadcast broadcast)
    {
        if (_observers is { Count: > 0 } observers)
        {
            observers.Notify(o => o.OnBroadcastAsync(broadcast));
        }
    }

    private void NotifyFailure(string? updateId, ErrorInfo error)
    {
        if (_observers is not { Count: > 0 } observers || _header is null)
        {
            return;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new GameStateError(SessionId, updateId ?? string.Empty, error), ContractJson.Options);
        var failure = new SessionUpdateFailed(SessionId, _header.GmUserId, json);
        observers.Notify(o => o.OnUpdateFailedAsync(failure));
    }

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
            var replayed = document.Apply(broadcast.Operations, entry.LastUpdated);
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
        new(SessionId, entry.Version, Encoding.UTF8.GetBytes(entry.BroadcastJson), null);

    /// <summary>Unknown sessions answer SESSION_NOT_FOUND and leave quickly: calling never creates one.</summary>
    private ErrorInfo NotFound()
    {
        DeactivateOnIdle();
        return SessionErrors.NotFound(SessionId);
    }

    private bool IsGm(string userId) => _header is not null && _header.GmUserId == userId;

    private bool IsMember(string userId) => IsGm(userId) || _members.Contains(userId);

    private static string VersionText(long version) => version.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} created in campaign {CampaignId}")]
    private partial void LogSessionCreated(string sessionId, string campaignId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} loaded: snapshot {SnapshotVersion} + {Replayed} logged updates = version {Version}")]
    private partial void LogSessionLoaded(string sessionId, long snapshotVersion, int replayed, long version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} applied update {UpdateId} as version {Version} ({Operations} operations, source {Source})")]
    private partial void LogUpdateApplied(string sessionId, string updateId, long version, int operations, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId} could not store update {UpdateId} (version {Version}); answered TRANSACTION_FAILED")]
    private partial void LogStorageFailed(Exception exception, string sessionId, string updateId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: version {Version} was committed by another activation (storage at {Latest}); reloading")]
    private partial void LogStaleActivation(string sessionId, long version, long latest);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} snapshot at version {Version} ({Bytes} chars)")]
    private partial void LogSnapshotWritten(string sessionId, long version, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} snapshot at version {Version} failed")]
    private partial void LogSnapshotFailed(Exception exception, string sessionId, long version);
}
