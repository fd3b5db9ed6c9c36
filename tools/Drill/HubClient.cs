using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Drill;

/// <summary>
/// One hub client of one session (a GM or a player): it joins, keeps a local copy of the state from the
/// <c>gameState:updated</c> events (repairing gaps with <c>requestSince</c>), and when its connection goes away
/// it connects to the next gateway and joins again. Everything it sees is recorded for the checks.
/// </summary>
public sealed class HubClient(string name, string sessionId, string token, IReadOnlyList<string> gateways, int firstGateway) : IAsyncDisposable
{
    private readonly object _gate = new();
    private HubConnection? _connection;
    private TaskCompletionSource<HubConnection> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GameStateDocument? _replica;
    private int _gatewayIndex = firstGateway;
    private Task? _loop;

    public string Name => name;

    public string SessionId => sessionId;

    /// <summary>The gateway (index into the list) of the current or last connection.</summary>
    public int GatewayIndex => _gatewayIndex % gateways.Count;

    /// <summary>Times (drill clock) at which this client had joined again after losing its connection.</summary>
    public List<double> Rejoins { get; } = [];

    public int Joins { get; private set; }

    public int EventsApplied { get; private set; }

    /// <summary>Events for a version this connection had already seen (the contract says never).</summary>
    public int DuplicateEvents { get; private set; }

    /// <summary>Versions skipped by the events and fetched with requestSince.</summary>
    public int GapsRepaired { get; private set; }

    public List<string> Anomalies { get; } = [];

    public long ReplicaVersion
    {
        get
        {
            lock (_gate)
            {
                return _replica?.Version ?? 0;
            }
        }
    }

    public string? ReplicaJson()
    {
        lock (_gate)
        {
            return _replica?.ToJsonString();
        }
    }

    public void Start(CancellationToken ct) => _loop = Task.Run(() => RunAsync(ct), CancellationToken.None);

    /// <summary>The current, joined connection (waits while the client reconnects).</summary>
    public Task<HubConnection> ConnectedAsync(CancellationToken ct) => _joined.Task.WaitAsync(ct);

    private async Task RunAsync(CancellationToken ct)
    {
        var lostAt = -1.0;
        while (!ct.IsCancellationRequested)
        {
            var gateway = gateways[_gatewayIndex % gateways.Count];
            var events = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });
            var connection = new HubConnectionBuilder()
                .WithUrl(gateway.TrimEnd('/') + HubProtocol.Path, options =>
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                    options.Transports = HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                })
                .Build();
            connection.On<JsonElement>(HubProtocol.Events.Updated, e => events.Writer.TryWrite(e));
            connection.Closed += _ =>
            {
                events.Writer.TryComplete();
                return Task.CompletedTask;
            };

            try
            {
                using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                startTimeout.CancelAfter(TimeSpan.FromSeconds(10));
                await connection.StartAsync(startTimeout.Token);
                var join = await connection.InvokeAsync<JoinResponse>(HubProtocol.Methods.Join, sessionId, startTimeout.Token);
                if (!join.Success || join.GameState is null)
                {
                    throw new InvalidOperationException($"join failed: {join.Error}");
                }

                var state = GameStateDocument.Parse(join.GameState.Utf8.Span);
                lock (_gate)
                {
                    _replica = state;
                    _connection = connection;
                }

                Joins++;
                if (lostAt >= 0)
                {
                    Rejoins.Add(DrillClock.Now);
                }

                _joined.TrySetResult(connection);
                await ReadEventsAsync(connection, events.Reader, ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // The gateway is down or the cluster does not answer yet: try the next gateway after a short pause.
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                lock (_gate)
                {
                    if (ReferenceEquals(_connection, connection))
                    {
                        _connection = null;
                    }
                }

                if (_joined.Task.IsCompleted)
                {
                    _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                await DisposeQuietlyAsync(connection);
            }

            if (ct.IsCancellationRequested)
            {
                break;
            }

            lostAt = DrillClock.Now;
            _gatewayIndex++;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task ReadEventsAsync(HubConnection connection, ChannelReader<JsonElement> reader, CancellationToken ct)
    {
        await foreach (var e in reader.ReadAllAsync(ct))
        {
            var broadcast = e.Deserialize<UpdateBroadcast>(ContractJson.Options)!;
            var version = long.Parse(broadcast.NewVersion, CultureInfo.InvariantCulture);
            var current = ReplicaVersion;
            if (version <= current)
            {
                DuplicateEvents++;
                Anomalies.Add($"{name}: event for version {version} at replica version {current}");
                continue;
            }

            if (version > current + 1)
            {
                // A gap on the wire (allowed to be repaired by the client): fetch the missing versions first.
                GapsRepaired += (int)(version - current - 1);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                var since = await connection.InvokeAsync<UpdatesSinceResponse>(
                    HubProtocol.Methods.RequestSince, sessionId, StateUpdateValidator.FormatVersion(current), timeout.Token);
                if (!since.Success)
                {
                    throw new InvalidOperationException($"requestSince failed: {since.Error}");
                }

                foreach (var missing in since.Updates ?? [])
                {
                    var repaired = missing.Deserialize<UpdateBroadcast>();
                    if (long.Parse(repaired.NewVersion, CultureInfo.InvariantCulture) < version)
                    {
                        Apply(repaired);
                    }
                }
            }

            Apply(broadcast);
        }
    }

    private void Apply(UpdateBroadcast broadcast)
    {
        lock (_gate)
        {
            var expected = _replica!.Version + 1;
            var version = long.Parse(broadcast.NewVersion, CultureInfo.InvariantCulture);
            if (version != expected)
            {
                Anomalies.Add($"{name}: applying version {version} on top of {_replica.Version}");
                return;
            }

            var result = _replica.Apply(broadcast.Operations, _replica.LastUpdated);
            if (!result.Success || _replica.Version != version)
            {
                Anomalies.Add($"{name}: version {version} does not apply locally: {result.Error?.Message}");
            }
        }

        EventsApplied++;
    }

    /// <summary>gameState:requestFull on the current connection, with bounded retries.</summary>
    public async Task<JsonNode?> RequestFullAsync(CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                var connection = await ConnectedAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
                var full = await connection.InvokeAsync<FullStateResponse>(HubProtocol.Methods.RequestFull, sessionId, ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
                if (full is { Success: true, GameState: { } state })
                {
                    return JsonNode.Parse(state.Utf8.Span);
                }
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        return null;
    }

    private static async Task DisposeQuietlyAsync(HubConnection connection)
    {
        try
        {
            await connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Disposing a connection to a dead gateway may fail; nothing to keep.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
