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
/// two activations exist. An update goes: permission, idempotency, validation, version, engine, durable
/// append, answer, broadcast. Memory is changed first and undone if the append fails, so the state document is
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
    private readonly ResiliencePipeline _retry = StorageRetryPipeline.Create(sessionOptions.Value.StorageRetries, sessionOptions.Value.StorageRetryDelay, metrics.StorageRetried);
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
        // The origin is whatever version the state comes with: 1 for a new session, any version for an import.
        var header = new SessionHeader(
            SessionId, command.CampaignId, command.GmUserId, command.MemberUserIds.ToArray(), document.Version, clock.GetUtcNow().ToUnixTimeMilliseconds());
        var created = await _retry.ExecuteAsync(
            async token => await store.CreateAsync(header, command.InitialStateJson, token), CancellationToken.None);
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

        // The order of docs/api.md section 5: who sends it, then idempotency, then the content, then the version.
        var refused = CheckSender(update, userId);
        if (refused is not null)
        {
            metrics.Rejected(refused.Code);
            NotifyFailure(update.Id, refused);
            return StateUpdateResponse.Failed(refused);
        }

        var response = CheckContent(update) is { } invalid
            ? await AnswerMalformedAsync(update.Id!, invalid)
            : await ApplyAsync(update.Id!, update.Version!, update.Operations!, update.Timestamp, UpdateSources.Gm);
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

        var viewer = ViewFor(userId);
        return Task.FromResult(new SessionStateView(null, viewer.IsGm, _document.Version, CurrentStateJson(viewer)));
    }

    public async Task<UpdatesSinceView> GetUpdatesSinceAsync(string userId, long version)
    {
        if (_document is not null && !IsMember(userId))
        {
            return UpdatesSinceView.Failed(SessionErrors.NotMember(SessionId));
        }

        var all = await ReadBroadcastsSinceAsync(version);
        var viewer = ViewFor(userId);
        return all.Updates is { } updates ? all with { Updates = updates.Select(viewer.Broadcast).ToList() } : all;
    }

    public async Task<UpdatesSinceView> ReadBroadcastsSinceAsync(long version)
    {
        if (_document is null || _header is null)
        {
            return UpdatesSinceView.Failed(NotFound());
        }

        if (version < 0)
        {
            return UpdatesSinceView.Failed(SessionErrors.BadVersion(version));
        }

        // No broadcast was ever made at or below the session's origin (the version it was created or imported
        // at), so "after a version below it" means "from the origin on": nothing there is missing.
        var after = Math.Max(version, _header.OriginVersion);
        var current = _document.Version;
        if (after >= current)
        {
            return new UpdatesSinceView(null, []);
        }

        if (_recent.After(after) is { } fromMemory)
        {
            return new UpdatesSinceView(null, fromMemory);
        }

        var logged = await store.ReadLogAsync(SessionId, after, CancellationToken.None);
        var updates = logged.Where(u => u.Version <= current).Select(ToBroadcast).ToList();
        if (updates.Count == 0 || updates[0].Version != after + 1 || updates[^1].Version != current)
        {
            // Broadcasts after the asked version existed and the log no longer has them all: pruned.
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
        return Task.FromResult(new SessionSubscription(true, _document.Version, _header?.GmUserId));
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
        var removed = _members.Except(memberUserIds, StringComparer.Ordinal).ToArray();
        _header = _header with { MemberUserIds = memberUserIds.ToArray() };
        _members = new HashSet<string>(memberUserIds, StringComparer.Ordinal);
        NotifyMembersRemoved(removed);
    }

    public Task<SessionDescription?> DescribeAsync() =>
        Task.FromResult(_header is null || _document is null
            ? null
            : new SessionDescription(SessionId, _header.CampaignId, _header.GmUserId, _document.Version, RuntimeIdentity));

    /// <summary>Unknown sessions answer SESSION_NOT_FOUND and leave quickly: calling never creates one.</summary>
    private ErrorInfo NotFound()
    {
        DeactivateOnIdle();
        return SessionErrors.NotFound(SessionId);
    }

    private bool IsGm(string userId) => _header is not null && _header.GmUserId == userId;

    private bool IsMember(string userId) => IsGm(userId) || _members.Contains(userId);

    private static string VersionText(long version) => StateUpdateValidator.FormatVersion(version);
}
