using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Json;
using Orleans.GameState.Gateway.Relay;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>
/// The hub of CONTRACT section 5. Thin: it checks what only the gateway can (rate, shape of arguments),
/// maps each call onto the session grain, and joins connections to this gateway's relays. Expected
/// failures are answered as <c>{success: false, error}</c>, never thrown.
/// </summary>
[Authorize]
public sealed partial class GameHub(
    IClusterClient cluster,
    SessionRelays relays,
    UpdateRateLimits rateLimits,
    ILogger<GameHub> logger) : Hub
{
    private string UserId => Context.UserIdentifier ?? throw new HubException("Unauthenticated.");

    /// <remarks>The connection's outbox lives as long as the connection: see <see cref="GameHubLifetimeManager"/>.</remarks>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        rateLimits.Forget(Context.ConnectionId);
        await relays.LeaveAllAsync(Context.ConnectionId);
    }

    [HubMethodName("gameSession:join")]
    public async Task<JoinResult> JoinAsync(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return new JoinResult(false, false, Error: GatewayErrors.MissingSessionId());
        }

        try
        {
            // Register before reading the state: every version after the state's is then relayed.
            if (!await relays.JoinAsync(sessionId, Context.ConnectionId, UserId))
            {
                return new JoinResult(false, false, Error: new ErrorInfo(ErrorCodes.SessionNotFound, $"Session '{sessionId}' does not exist."));
            }

            var view = await Session(sessionId).GetStateAsync(UserId);
            if (view.Error is { } error)
            {
                await relays.LeaveAsync(sessionId, Context.ConnectionId);
                return new JoinResult(false, false, Error: error);
            }

            relays.SetFloor(sessionId, Context.ConnectionId, view.Version);
            return new JoinResult(true, view.IsGm, new RawJson(view.StateJson!));
        }
        catch (Exception e) when (e is not HubException)
        {
            LogCallFailed(e, "gameSession:join", sessionId);
            await relays.LeaveAsync(sessionId, Context.ConnectionId);
            return new JoinResult(false, false, Error: GatewayErrors.Unavailable());
        }
    }

    [HubMethodName("gameSession:leave")]
    public async Task<LeaveResult> LeaveAsync(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return new LeaveResult(false, GatewayErrors.MissingSessionId());
        }

        await relays.LeaveAsync(sessionId, Context.ConnectionId);
        return new LeaveResult(true);
    }

    [HubMethodName("gameState:update")]
    public async Task<StateUpdateResponse> UpdateAsync(StateUpdate? update)
    {
        if (update is null || string.IsNullOrEmpty(update.SessionId))
        {
            return StateUpdateResponse.Failed(GatewayErrors.MissingSessionId());
        }

        if (!rateLimits.TryAcquire(Context.ConnectionId))
        {
            return StateUpdateResponse.Failed(GatewayErrors.RateLimited());
        }

        // An update is idempotent by id, so the gateway may resend it itself. It does so, briefly, when the cluster
        // rejected the call unprocessed (a silo shutting down gracefully, a connection to a silo that just died) and
        // when no answer came within UpdateAttemptTimeout (a request in flight through a silo that died is otherwise
        // answered only by Orleans' 30 s response timeout, and the hub runs one invocation per connection at a time,
        // so the GM's own resends would wait behind it). Past UpdateRetryBudget the GM learns the outcome by resending.
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Session(update.SessionId).UpdateAsync(update, UserId).WaitAsync(UpdateAttemptTimeout);
            }
            catch (Exception e) when (e is OrleansMessageRejectionException or TimeoutException
                && Stopwatch.GetElapsedTime(started) < UpdateRetryBudget)
            {
                LogUpdateResent(e.GetType().Name, update.SessionId, attempt);
                await Task.Delay(UpdateRetryBackoff * Math.Min(attempt, 5));
            }
            catch (Exception e) when (e is not HubException)
            {
                LogCallFailed(e, "gameState:update", update.SessionId);
                return StateUpdateResponse.Failed(GatewayErrors.UpdateOutcomeUnknown());
            }
        }
    }

    private static readonly TimeSpan UpdateAttemptTimeout = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan UpdateRetryBudget = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan UpdateRetryBackoff = TimeSpan.FromMilliseconds(100);

    [HubMethodName("gameState:requestFull")]
    public async Task<FullStateResult> RequestFullAsync(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return new FullStateResult(false, Error: GatewayErrors.MissingSessionId());
        }

        try
        {
            var view = await Session(sessionId).GetStateAsync(UserId);
            return view.Error is { } error ? new FullStateResult(false, Error: error) : new FullStateResult(true, new RawJson(view.StateJson!));
        }
        catch (Exception e) when (e is not HubException)
        {
            LogCallFailed(e, "gameState:requestFull", sessionId);
            return new FullStateResult(false, Error: GatewayErrors.Unavailable());
        }
    }

    [HubMethodName("gameState:requestSince")]
    public async Task<UpdatesSinceResult> RequestSinceAsync(string? sessionId, string? version)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return new UpdatesSinceResult(false, Error: GatewayErrors.MissingSessionId());
        }

        if (!TryParseVersion(version, out var since))
        {
            return new UpdatesSinceResult(false, Error: GatewayErrors.BadVersion(version));
        }

        try
        {
            var view = await Session(sessionId).GetUpdatesSinceAsync(UserId, since);
            return view.Error is { } error
                ? new UpdatesSinceResult(false, Error: error)
                : new UpdatesSinceResult(true, view.Updates!.Select(u => new RawJson(u.UpdatedJson)).ToList());
        }
        catch (Exception e) when (e is not HubException)
        {
            LogCallFailed(e, "gameState:requestSince", sessionId);
            return new UpdatesSinceResult(false, Error: GatewayErrors.Unavailable());
        }
    }

    internal static bool TryParseVersion(string? text, out long version) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    private IGameSessionGrain Session(string sessionId) => cluster.GetGrain<IGameSessionGrain>(sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Update for session {SessionId} resent by the gateway after {Reason} (attempt {Attempt})")]
    private partial void LogUpdateResent(string reason, string sessionId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub call {Method} for session {SessionId} failed")]
    private partial void LogCallFailed(Exception exception, string method, string sessionId);
}
