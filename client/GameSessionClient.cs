using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.GameState.Client.Internal;
using Orleans.GameState.Client.Plugins;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Client;

/// <summary>
/// A client of one game session on the Orleans.GameState gateway: it holds the local copy of the state and its
/// version, keeps it equal to the server's (each version applied once, in order), and, for the GM, sends updates
/// one at a time through an ordered queue.
/// </summary>
/// <remarks>
/// <para>All changes of the local copy happen on one sync loop, one at a time: incoming broadcasts, the GM's
/// confirmed updates, joins, catch-ups and refreshes. <see cref="StateChanged"/> and <see cref="Changes"/> are raised
/// there, in version order; handlers should be quick and must not block waiting for this client's own tasks.</para>
/// <para>Reading is thread-safe: <see cref="Read{T}"/> and the getters take a consistent view under a lock.</para>
/// </remarks>
public sealed partial class GameSessionClient : IAsyncDisposable
{
    private readonly GameSessionClientOptions _options;
    private readonly ILogger _logger;
    private readonly HubConnection _connection;
    private readonly ForeverRetryPolicy _retryPolicy;
    private readonly StateReplica _replica = new();

    /// <summary>Serialises every change of the local copy and every sync exchange with the server.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _connectGate = new(1, 1);

    /// <summary>Hub events, in arrival order: the hub handlers only enqueue, so the receive loop never waits on us.</summary>
    private readonly Channel<Inbound> _inbox = Channel.CreateUnbounded<Inbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<PendingUpdate> _updates = Channel.CreateUnbounded<PendingUpdate>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly ChangeObservable<GameStateChange> _changes = new();
    private readonly object _readyLock = new();
    private readonly Task _pump;
    private readonly Task _sender;
    private readonly Task _saver;

    /// <summary>Completed while joined and in sync; pending while (re)joining; faulted when the session is lost for good.</summary>
    private TaskCompletionSource _ready = NewSignal();
    private volatile string? _sessionId;
    private volatile bool _isGm;
    private volatile bool _wantConnected;
    private volatile ErrorInfo? _lastError;
    private int _status;
    private int _restarting;
    private int _disposed;
    private int _pendingUpdates;

    /// <summary>Creates a client of the gateway at <paramref name="gatewayAddress"/> (e.g. http://127.0.0.1:5080); nothing is sent yet.</summary>
    /// <param name="gatewayAddress">The gateway's base address; the hub is at <see cref="GameSessionClientOptions.HubPath"/> under it.</param>
    /// <param name="accessTokenProvider">Returns a bearer token (a JWT whose <c>sub</c> is the user); called for every (re)connection.</param>
    /// <param name="options">Tuning; defaults when null.</param>
    public GameSessionClient(Uri gatewayAddress, Func<Task<string>> accessTokenProvider, GameSessionClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(gatewayAddress);
        ArgumentNullException.ThrowIfNull(accessTokenProvider);
        _options = options ?? new GameSessionClientOptions();
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GameSessionClient>();
        HubAddress = new Uri(gatewayAddress.AbsoluteUri.TrimEnd('/') + "/" + _options.HubPath.TrimStart('/'));
        _retryPolicy = new ForeverRetryPolicy(_options.ReconnectDelays);

        var builder = new HubConnectionBuilder()
            .WithUrl(HubAddress, http =>
            {
                http.AccessTokenProvider = async () => await accessTokenProvider();
                if (_options.Transports is { } transports)
                {
                    http.Transports = transports;
                }

                _options.ConfigureConnection?.Invoke(http);
            })
            .WithAutomaticReconnect(_retryPolicy)
            .AddJsonProtocol(json => json.PayloadSerializerOptions = new JsonSerializerOptions(ContractJson.Options));
        if (_options.LoggerFactory is { } loggerFactory)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        _options.ConfigureHubConnection?.Invoke(builder);

        _connection = builder.Build();
        _connection.On<UpdateBroadcast>(HubProtocol.Events.Updated, broadcast => Enqueue(new InboundBroadcast(broadcast)));
        _connection.On<GameStateError>(HubProtocol.Events.Error, error => Enqueue(new InboundError(error)));
        _connection.On<EncounterStarted>(HubProtocol.Events.EncounterStarted, started => Enqueue(new InboundEncounter(started)));
        _connection.On<SessionPresence>(HubProtocol.Events.Presence, presence => Enqueue(new InboundPresence(presence)));
        _connection.Reconnecting += OnReconnectingAsync;
        _connection.Reconnected += OnReconnectedAsync;
        _connection.Closed += OnClosedAsync;

        _pump = Task.Run(PumpAsync);
        _sender = Task.Run(SendLoopAsync);
        _saver = Task.Run(SaveLoopAsync);
    }

    /// <summary>A change of the local copy: raised once per version, in order (see the class remarks on threading).</summary>
    public event EventHandler<GameStateChange>? StateChanged;

    /// <summary>The connection or join status changed.</summary>
    public event EventHandler<GameSessionStatus>? StatusChanged;

    /// <summary><c>gameState:error</c>: an update of this session failed (sent to the GM's connections).</summary>
    public event EventHandler<GameStateError>? ServerError;

    /// <summary><c>encounter:started</c>: raised after the change that made the encounter active.</summary>
    public event EventHandler<EncounterStarted>? EncounterStarted;

    /// <summary>The hub's address.</summary>
    public Uri HubAddress { get; }

    /// <summary>The session joined (or being joined), or null.</summary>
    public string? SessionId => _sessionId;

    /// <summary>Whether the join said this user is the session's GM.</summary>
    public bool IsGm => _isGm;

    /// <summary>The version of the local copy; 0 when there is none.</summary>
    public long Version => _replica.Version;

    /// <summary>Whether there is a local copy to read.</summary>
    public bool HasState => _replica.HasState;

    public GameSessionStatus Status => (GameSessionStatus)Volatile.Read(ref _status);

    /// <summary>The error that made the client <see cref="GameSessionStatus.Failed"/>, if any.</summary>
    public ErrorInfo? LastError => _lastError;

    /// <summary>Updates queued or in flight.</summary>
    public int PendingUpdates => Volatile.Read(ref _pendingUpdates);

    /// <summary>The changes of the local copy as an observable (same values and order as <see cref="StateChanged"/>).</summary>
    public IObservable<GameStateChange> Changes => _changes;

    /// <summary>Opens the hub connection (JoinAsync does this too). Fails with the HTTP error when the token is refused.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await StartConnectionAsync(linked.Token);
        if (_sessionId is null)
        {
            SetStatus(GameSessionStatus.Connected);
        }
    }

    /// <summary>
    /// Joins the session: connects if needed, starts from the stored copy when there is one, and brings the local copy
    /// to the server's version (the join's state, or only the missing updates on top of the stored copy).
    /// </summary>
    /// <exception cref="GameStateException">The server refused (PERMISSION_DENIED, SESSION_NOT_FOUND, ...).</exception>
    /// <exception cref="InvalidOperationException">Already joined to another session.</exception>
    public async Task JoinAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var token = linked.Token;
        await _gate.WaitAsync(token);
        try
        {
            if (_sessionId is { } current)
            {
                if (current != sessionId)
                {
                    throw new InvalidOperationException($"This client is joined to session '{current}'; leave it first (one session per client).");
                }

                if (Status == GameSessionStatus.Synced)
                {
                    return;
                }
            }

            _sessionId = sessionId;
            try
            {
                if (_options.StateStore is { } store && !_replica.HasState)
                {
                    await LoadStoredAsync(store, sessionId, token);
                }

                await StartConnectionAsync(token);
                SetStatus(GameSessionStatus.Joining);
                if (await JoinCoreAsync(sessionId, token) is { } error)
                {
                    throw new GameStateException(error);
                }
            }
            catch
            {
                _sessionId = null;
                _replica.Clear();
                ClearPresence();
                SetStatus(_connection.State == HubConnectionState.Connected ? GameSessionStatus.Connected : GameSessionStatus.Disconnected);
                throw;
            }

            _lastError = null;
            SetReady();
            SetStatus(GameSessionStatus.Synced);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Leaves the session: queued updates fail, the copy is saved (when a store is set) and dropped.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var token = linked.Token;
        await _gate.WaitAsync(token);
        try
        {
            if (_sessionId is not { } sessionId)
            {
                return;
            }

            _sessionId = null;
            FailReady(new InvalidOperationException($"The client left session '{sessionId}'."));
            await SaveNowAsync(sessionId, token);
            if (_connection.State == HubConnectionState.Connected)
            {
                try
                {
                    await InvokeAsync<LeaveResponse>(HubProtocol.Methods.Leave, [sessionId], _options.RequestTimeout, token);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    // Leaving is best-effort: the server forgets the connection when it closes anyway.
                    LogLeaveUnacknowledged(e, sessionId);
                }
            }

            _replica.Clear();
            ClearPresence();
            _isGm = false;
            SetStatus(_connection.State == HubConnectionState.Connected ? GameSessionStatus.Connected : GameSessionStatus.Disconnected);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Replaces the local copy with the server's full state (<c>gameState:requestFull</c>).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await _gate.WaitAsync(linked.Token);
        try
        {
            await RefreshFullCoreAsync(linked.Token);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="read"/> on the local copy under its lock. Nodes must not escape: clone what you keep.</summary>
    /// <exception cref="InvalidOperationException">There is no copy yet.</exception>
    public T Read<T>(Func<GameStateDocument, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return _replica.Read(read);
    }

    /// <summary>A copy of the value at a dotted path of the state, or null.</summary>
    public JsonNode? GetValue(string path) => _replica.Read(document => JsonCopy.Detach(document.GetValue(path)));

    /// <summary>The local copy as JSON.</summary>
    public string GetStateJson() => _replica.Read(document => document.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _wantConnected = false;
        var sessionId = _sessionId;
        await _stopping.CancelAsync();
        _updates.Writer.TryComplete();
        _inbox.Writer.TryComplete();
        await Task.WhenAll(_pump, _sender, _saver).ContinueWith(_ => { }, TaskScheduler.Default);
        while (_updates.Reader.TryRead(out var left))
        {
            left.Completion.TrySetException(new ObjectDisposedException(nameof(GameSessionClient), "The client was disposed before the update was sent."));
        }

        if (sessionId is not null)
        {
            await SaveNowAsync(sessionId, CancellationToken.None);
        }

        try
        {
            await _connection.DisposeAsync();
        }
        catch (Exception e)
        {
            LogCloseFailed(e);
        }

        SetStatus(GameSessionStatus.Disconnected);
        _changes.Complete();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static GameStateDocument ParseState(RawJson? state) =>
        StateReplica.ParseState(
            (state ?? throw new StateValidationException(string.Empty, "the server answered without a game state")).Utf8.Span);

    private void Enqueue(Inbound item) => _inbox.Writer.TryWrite(item);

    private void SetStatus(GameSessionStatus status)
    {
        if ((GameSessionStatus)Interlocked.Exchange(ref _status, (int)status) == status)
        {
            return;
        }

        try
        {
            StatusChanged?.Invoke(this, status);
        }
        catch (Exception e)
        {
            LogHandlerThrew(e, nameof(StatusChanged));
        }
    }

    /// <summary>Raises a change of the local copy (under the gate, so in version order) and schedules saving it.</summary>
    private void Publish(GameStateChange change)
    {
        MarkDirty();
        try
        {
            StateChanged?.Invoke(this, change);
        }
        catch (Exception e)
        {
            LogHandlerThrew(e, nameof(StateChanged));
        }

        _changes.Publish(change, e => LogHandlerThrew(e, nameof(Changes)));
    }

    private void SetReady()
    {
        lock (_readyLock)
        {
            if (_ready.Task.IsCompleted && !_ready.Task.IsCompletedSuccessfully)
            {
                _ready = NewSignal();
            }

            _ready.TrySetResult();
        }
    }

    private void ResetReady()
    {
        lock (_readyLock)
        {
            if (_ready.Task.IsCompleted)
            {
                _ready = NewSignal();
            }
        }
    }

    private void FailReady(Exception reason)
    {
        lock (_readyLock)
        {
            if (_ready.Task.IsCompleted)
            {
                _ready = NewSignal();
            }

            _ready.TrySetException(reason);
            _ = _ready.Task.Exception; // observed: waiting updates get it; nobody else needs to
        }
    }

    private Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        Task ready;
        lock (_readyLock)
        {
            ready = _ready.Task;
        }

        return ready.WaitAsync(cancellationToken);
    }

    private abstract record Inbound;

    private sealed record InboundBroadcast(UpdateBroadcast Broadcast) : Inbound;

    private sealed record InboundError(GameStateError Error) : Inbound;

    private sealed record InboundEncounter(EncounterStarted Started) : Inbound;

    private sealed record InboundPresence(SessionPresence Presence) : Inbound;
}
