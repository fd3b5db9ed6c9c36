using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GameState.Client;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Load.Metrics;

namespace Orleans.GameState.Load.Workloads;

/// <summary>A simulated player: joined to one session, checking that every version arrives once and in order.</summary>
public interface IPlayer : IAsyncDisposable
{
    int Session { get; }

    string UserId { get; }

    /// <summary>The newest version this player holds.</summary>
    long Version { get; }

    /// <summary>Checks made after the run (wire statistics); adds violations to the metrics.</summary>
    void Audit(PhaseMetrics metrics);

    /// <summary>The player's state as JSON, or null when this kind of player keeps none.</summary>
    string? StateJson();
}

/// <summary>A player on the client SDK: what a real .NET player runs.</summary>
public sealed class SdkPlayer : IPlayer
{
    private readonly PhaseMetrics _metrics;
    private readonly SendTimes _sendTimes;
    private readonly object _lock = new();
    private long _joinVersion = -1;
    private long _last = -1;
    private long _applied;
    private long _replaced;
    private long _deliveries;

    private SdkPlayer(GameSessionClient client, int session, string userId, PhaseMetrics metrics, SendTimes sendTimes)
    {
        Client = client;
        Session = session;
        UserId = userId;
        _metrics = metrics;
        _sendTimes = sendTimes;
        client.StateChanged += OnChanged;
    }

    public GameSessionClient Client { get; }

    public int Session { get; }

    public string UserId { get; }

    public long Version => Client.Version;

    public static async Task<SdkPlayer> JoinAsync(Uri gateway, string token, string sessionId, int session, string userId, PhaseMetrics metrics, SendTimes sendTimes)
    {
        var client = new GameSessionClient(gateway, () => Task.FromResult(token), ClientOptions());
        var player = new SdkPlayer(client, session, userId, metrics, sendTimes);
        try
        {
            await client.JoinAsync(sessionId);
            return player;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public static GameSessionClientOptions ClientOptions() => new()
    {
        UpdateTimeout = TimeSpan.FromSeconds(30),
        RequestTimeout = TimeSpan.FromSeconds(60),
        SaveDelay = TimeSpan.FromSeconds(30),
    };

    public void Audit(PhaseMetrics metrics)
    {
        var statistics = Client.Statistics;
        var who = $"{UserId} (session {Session})";
        if (statistics.GapsDetected > 0)
        {
            metrics.Violation("gap on the wire (lost or out-of-order broadcast)", $"{who}: {statistics.GapsDetected} gap(s), repaired by the SDK with {statistics.RequestSinceCalls} requestSince");
        }

        if (statistics.BroadcastsIgnored > 0)
        {
            metrics.Violation("duplicate on the wire", $"{who}: {statistics.BroadcastsIgnored} broadcast(s) of a version already held");
        }

        if (statistics.FullStatesAdopted > 1 || Interlocked.Read(ref _replaced) > 1)
        {
            metrics.Violation("resynchronised (full state after the join)", $"{who}: {statistics.FullStatesAdopted} full states");
        }

        if (statistics.Reconnects > 0)
        {
            metrics.Violation("reconnected", $"{who}: {statistics.Reconnects} reconnects");
        }

        lock (_lock)
        {
            var expected = _last - _joinVersion;
            if (_joinVersion >= 0 && _applied != expected)
            {
                metrics.Violation(_applied < expected ? "lost" : "duplicated", $"{who}: {_applied} updates applied from version {_joinVersion} to {_last}");
            }
        }
    }

    public string? StateJson() => Client.HasState ? Client.GetStateJson() : null;

    public async ValueTask DisposeAsync()
    {
        Client.StateChanged -= OnChanged;
        await Client.DisposeAsync();
    }

    private void OnChanged(object? sender, GameStateChange change)
    {
        lock (_lock)
        {
            if (change.Kind != GameStateChangeKind.Updated)
            {
                Interlocked.Increment(ref _replaced);
                if (_joinVersion < 0)
                {
                    _joinVersion = change.Version;
                }

                _last = change.Version;
                return;
            }

            if (change.PreviousVersion != _last || change.Version != _last + 1)
            {
                _metrics.Violation(change.Version <= _last ? "duplicated" : "out of order",
                    $"{UserId}: version {change.Version} (previous {change.PreviousVersion}) after {_last}");
            }

            _last = Math.Max(_last, change.Version);
            _applied++;
        }

        _metrics.Delivered(_sendTimes.Get(Session, change.Version));
        if ((Interlocked.Increment(ref _deliveries) & 63) == 1 && change.Update is { } update)
        {
            _metrics.Payload(JsonSerializer.SerializeToUtf8Bytes(update, ContractJson.Options).Length);
        }
    }
}

/// <summary>
/// A player on a bare <see cref="HubConnection"/>: it deserialises each <c>gameState:updated</c> (as the SDK does) and
/// checks its version, and keeps no state. The same client for our gateway and for the bare hub, so the two compare.
/// Asked to keep state (the views workload), it applies each broadcast to a copy of its join state with the engine,
/// so that what it received can be compared with the view it should have.
/// </summary>
public sealed class RawPlayer : IPlayer
{
    private readonly HubConnection _connection;
    private readonly PhaseMetrics _metrics;
    private readonly SendTimes _sendTimes;
    private readonly object _lock = new();
    private readonly List<UpdateBroadcast> _early = [];
    private GameStateDocument? _replica;
    private bool _joined;
    private long _joinVersion;
    private long _last;
    private long _received;
    private long _deliveries;

    private RawPlayer(HubConnection connection, int session, string userId, PhaseMetrics metrics, SendTimes sendTimes)
    {
        _connection = connection;
        Session = session;
        UserId = userId;
        _metrics = metrics;
        _sendTimes = sendTimes;
        connection.On<UpdateBroadcast>(HubProtocol.Events.Updated, OnUpdated);
    }

    public int Session { get; }

    public string UserId { get; }

    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }

    /// <summary>Connects to <paramref name="hub"/>; with a token it joins our gateway's session, without it the bare hub's group.</summary>
    public static async Task<RawPlayer> JoinAsync(Uri hub, string? token, string sessionId, int session, string userId, PhaseMetrics metrics, SendTimes sendTimes, bool keepState = false)
    {
        var connection = Connect(hub, token);
        var player = new RawPlayer(connection, session, userId, metrics, sendTimes);
        try
        {
            await connection.StartAsync();
            long version = 0;
            if (token is not null)
            {
                var join = await connection.InvokeAsync<JoinResponse>(HubProtocol.Methods.Join, sessionId);
                if (!join.Success || join.GameState is null)
                {
                    throw new InvalidOperationException($"join failed: {join.Error}");
                }

                var state = join.GameState.Deserialize<JsonElement>();
                version = long.Parse(state.GetProperty("stateVersion").GetString()!, CultureInfo.InvariantCulture);
                if (keepState)
                {
                    player._replica = GameStateDocument.Parse(join.GameState.Utf8.Span);
                }
            }
            else
            {
                await connection.InvokeAsync("Join", sessionId);
            }

            player.Joined(version);
            return player;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static HubConnection Connect(Uri hub, string? token) =>
        new HubConnectionBuilder()
            .WithUrl(hub, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions = new JsonSerializerOptions(ContractJson.Options))
            .Build();

    public void Audit(PhaseMetrics metrics)
    {
        lock (_lock)
        {
            var expected = _last - _joinVersion;
            if (_received != expected)
            {
                metrics.Violation(_received < expected ? "lost" : "duplicated", $"{UserId}: {_received} broadcasts for versions {_joinVersion}..{_last}");
            }
        }
    }

    public string? StateJson()
    {
        lock (_lock)
        {
            return _replica?.ToJsonString();
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private void Joined(long version)
    {
        lock (_lock)
        {
            _joinVersion = version;
            _last = version;
            _joined = true;
            foreach (var early in _early)
            {
                Check(early);
            }

            _early.Clear();
        }
    }

    private void OnUpdated(UpdateBroadcast broadcast)
    {
        lock (_lock)
        {
            if (!_joined)
            {
                _early.Add(broadcast);
                return;
            }

            Check(broadcast);
        }
    }

    private void Check(UpdateBroadcast broadcast)
    {
        var version = long.Parse(broadcast.NewVersion, CultureInfo.InvariantCulture);
        var previous = long.Parse(broadcast.PreviousVersion, CultureInfo.InvariantCulture);
        if (version <= _last)
        {
            _metrics.Violation(version <= _joinVersion ? "at or below the join version" : "duplicated", $"{UserId}: version {version} after {_last}");
            return;
        }

        if (previous != _last)
        {
            _metrics.Violation("gap (lost or out of order)", $"{UserId}: version {version} (previous {previous}) after {_last}");
        }

        _last = version;
        _received++;
        if (_replica is { } replica && !replica.Apply(broadcast.Operations, broadcast.Timestamp, allowEmpty: true).Success)
        {
            _metrics.Violation("broadcast does not apply to the player's copy", $"{UserId}: version {version}");
        }

        _metrics.Delivered(_sendTimes.Get(Session, version));
        if ((++_deliveries & 63) == 1)
        {
            _metrics.Payload(JsonSerializer.SerializeToUtf8Bytes(broadcast, ContractJson.Options).Length);
        }
    }
}

internal static class Timestamps
{
    public static long Now => Stopwatch.GetTimestamp();
}
