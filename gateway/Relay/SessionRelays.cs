using Microsoft.Extensions.Options;
using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Telemetry;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>
/// This gateway's relays, one per session with at least one local connection joined: subscribed when
/// the first connection joins, unsubscribed when the last leaves, renewed periodically in between.
/// </summary>
public sealed partial class SessionRelays(
    IClusterClient cluster,
    ConnectionOutboxes outboxes,
    IOptions<RelayOptions> options,
    GatewayMetrics metrics,
    ILogger<SessionRelays> logger) : BackgroundService
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SessionRelay> _relays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _sessionsByConnection = new(StringComparer.Ordinal);

    public int ActiveSessions
    {
        get { lock (_gate) { return _relays.Count; } }
    }

    /// <summary>Registers the connection (so it misses nothing from now on) and makes sure the relay is subscribed.</summary>
    public async Task<bool> JoinAsync(string sessionId, string connectionId, string? userId)
    {
        SessionRelay relay;
        lock (_gate)
        {
            if (!_relays.TryGetValue(sessionId, out relay!))
            {
                relay = new SessionRelay(sessionId, cluster.GetGrain<IGameSessionGrain>(sessionId), cluster, outboxes, options.Value, logger)
                {
                    ConnectionsRemoved = OnConnectionsRemoved,
                };
                _relays.Add(sessionId, relay);
                metrics.RelayOpened();
            }

            relay.AddConnection(connectionId, userId);
            if (!_sessionsByConnection.TryGetValue(connectionId, out var sessions))
            {
                _sessionsByConnection[connectionId] = sessions = new HashSet<string>(StringComparer.Ordinal);
            }

            sessions.Add(sessionId);
        }

        bool exists;
        try
        {
            exists = await relay.EnsureSubscribedAsync();
        }
        catch
        {
            await LeaveAsync(sessionId, connectionId);
            throw;
        }

        if (!exists)
        {
            await LeaveAsync(sessionId, connectionId);
        }

        return exists;
    }

    public void SetFloor(string sessionId, string connectionId, long version, bool isGm = false)
    {
        lock (_gate)
        {
            if (_relays.TryGetValue(sessionId, out var relay))
            {
                relay.SetFloor(connectionId, version, isGm);
            }
        }
    }

    /// <summary>An update this gateway refused without calling the grain: <c>gameState:error</c> to the GM's connections joined here.</summary>
    public void ReportRefusedUpdate(string sessionId, string? updateId, ErrorInfo error)
    {
        SessionRelay? relay;
        lock (_gate)
        {
            _relays.TryGetValue(sessionId, out relay);
        }

        relay?.ReportRefusedUpdate(updateId, error);
    }

    public async Task LeaveAsync(string sessionId, string connectionId)
    {
        SessionRelay? closing = null;
        lock (_gate)
        {
            if (_sessionsByConnection.TryGetValue(connectionId, out var sessions))
            {
                sessions.Remove(sessionId);
                if (sessions.Count == 0)
                {
                    _sessionsByConnection.Remove(connectionId);
                }
            }

            if (_relays.TryGetValue(sessionId, out var relay) && relay.RemoveConnection(connectionId))
            {
                _relays.Remove(sessionId);
                metrics.RelayClosed();
                closing = relay;
            }
        }

        if (closing is null)
        {
            ReportPresenceSoon(sessionId);
        }
        else
        {
            await closing.ReportPresenceAsync(); // drops this gateway's lease: nobody is joined here any more
            try
            {
                await closing.CloseAsync();
            }
            catch (Exception e)
            {
                // The registration expires on its own; the grain drops it then.
                LogCloseFailed(e, sessionId);
            }
        }
    }

    public async Task LeaveAllAsync(string connectionId)
    {
        string[] sessions;
        lock (_gate)
        {
            sessions = _sessionsByConnection.TryGetValue(connectionId, out var joined) ? [.. joined] : [];
        }

        foreach (var sessionId in sessions)
        {
            await LeaveAsync(sessionId, connectionId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            SessionRelay[] relays;
            lock (_gate)
            {
                relays = [.. _relays.Values];
            }

            // In parallel: a gateway may relay thousands of sessions, and each renewal is one grain call.
            await Parallel.ForEachAsync(relays, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = stoppingToken }, async (relay, _) =>
            {
                try
                {
                    await relay.RenewAsync();
                }
                catch (Exception e)
                {
                    LogRenewFailed(e, relay.SessionId);
                }
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay {SessionId} could not renew its registration; retrying next interval")]
    private partial void LogRenewFailed(Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relay {SessionId} could not unsubscribe")]
    private partial void LogCloseFailed(Exception exception, string sessionId);
}
