using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Gateway.Json;
using Orleans.GameState.Gateway.Relay;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>
/// The hub of CONTRACT section 5. Thin: it checks what only the gateway can (rate, types of arguments),
/// maps each call onto the session grain, and joins connections to this gateway's relays. Expected
/// failures are answered as <c>{success: false, error}</c>, never thrown.
/// </summary>
/// <remarks>
/// Arguments arrive as <see cref="JsonElement"/> and are converted by <see cref="HubArguments"/>, so that a wrongly
/// typed one is a <c>VALIDATION_ERROR</c> naming it rather than a failed invocation. Only a wrong number of arguments
/// is still refused by SignalR itself, before any method runs, as an invocation error.
/// </remarks>
[Authorize]
public sealed partial class GameHub(
    IClusterClient cluster,
    SessionRelays relays,
    UpdateRateLimits rateLimits,
    ConnectionOutboxes outboxes,
    IdRule ids,
    ILogger<GameHub> logger) : Hub
{
    private string UserId => Context.UserIdentifier ?? throw new HubException("Unauthenticated.");

    /// <remarks>The connection's outbox lives as long as the connection: see <see cref="GameHubLifetimeManager"/>.</remarks>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        rateLimits.Forget(Context.ConnectionId);
        await relays.LeaveAllAsync(Context.ConnectionId);
    }

    [HubMethodName(HubProtocol.Methods.Join)]
    public async Task<JoinResult> JoinAsync(JsonElement sessionIdArgument)
    {
        if (!HubArguments.TryReadSessionId(sessionIdArgument, ids, out var sessionId, out var invalid))
        {
            return new JoinResult(false, false, Error: invalid);
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

            relays.SetFloor(sessionId, Context.ConnectionId, view.Version, view.IsGm);
            var presence = await relays.ReportPresenceAsync(sessionId);
            return new JoinResult(true, view.IsGm, new RawJson(view.StateJson!), Presence: JoinPresence.Of(presence, UserId, view.IsGm));
        }
        catch (Exception e) when (e is not HubException)
        {
            await relays.LeaveAsync(sessionId, Context.ConnectionId);
            return new JoinResult(false, false, Error: Failed(e, HubProtocol.Methods.Join, sessionId));
        }
    }

    [HubMethodName(HubProtocol.Methods.Leave)]
    public async Task<LeaveResult> LeaveAsync(JsonElement sessionIdArgument)
    {
        if (!HubArguments.TryReadSessionId(sessionIdArgument, ids, out var sessionId, out var invalid))
        {
            return new LeaveResult(false, invalid);
        }

        await relays.LeaveAsync(sessionId, Context.ConnectionId);
        return new LeaveResult(true);
    }

    [HubMethodName(HubProtocol.Methods.Update)]
    public async Task<StateUpdateResponse> UpdateAsync(JsonElement updateArgument)
    {
        // The rate first: it is the cheapest check, and a flood of malformed updates is a flood all the same.
        switch (rateLimits.TryAcquire(Context.ConnectionId))
        {
            case RateDecision.Refused:
                return Refuse(updateArgument, GatewayErrors.RateLimited());
            case RateDecision.Flooding:
                CloseAsFlood();
                return Refuse(updateArgument, GatewayErrors.Flooding());
        }

        if (!HubArguments.TryReadUpdate(updateArgument, ids, out var update, out var invalid))
        {
            return Refuse(updateArgument, invalid);
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
                return await Session(update.SessionId!).UpdateAsync(update, UserId).WaitAsync(UpdateAttemptTimeout);
            }
            catch (Exception e) when (e is OrleansMessageRejectionException or TimeoutException
                && Stopwatch.GetElapsedTime(started) < UpdateRetryBudget)
            {
                LogUpdateResent(e.GetType().Name, update.SessionId!, attempt);
                await Task.Delay(UpdateRetryBackoff * Math.Min(attempt, 5));
            }
            catch (Exception e) when (e is not HubException)
            {
                return StateUpdateResponse.Failed(Failed(e, HubProtocol.Methods.Update, update.SessionId!));
            }
        }
    }

    /// <summary>
    /// An update the gateway refuses itself, without calling the grain (rate limiting must stay cheap), is reported
    /// like one the grain refuses: <c>gameState:error</c> to the session's GM. Only the GM's connections joined to the
    /// session on this gateway get it, since the grain, which reaches every gateway, never hears of the update.
    /// </summary>
    private StateUpdateResponse Refuse(JsonElement updateArgument, ErrorInfo error)
    {
        var (sessionId, updateId) = HubArguments.Target(updateArgument);
        if (!string.IsNullOrEmpty(sessionId))
        {
            relays.ReportRefusedUpdate(sessionId, updateId, error);
        }

        return StateUpdateResponse.Failed(error);
    }

    private static readonly TimeSpan UpdateAttemptTimeout = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan UpdateRetryBudget = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan UpdateRetryBackoff = TimeSpan.FromMilliseconds(100);

    [HubMethodName(HubProtocol.Methods.RequestFull)]
    public async Task<FullStateResult> RequestFullAsync(JsonElement sessionIdArgument)
    {
        if (!HubArguments.TryReadSessionId(sessionIdArgument, ids, out var sessionId, out var invalid))
        {
            return new FullStateResult(false, Error: invalid);
        }

        try
        {
            var view = await Session(sessionId).GetStateAsync(UserId);
            return view.Error is { } error ? new FullStateResult(false, Error: error) : new FullStateResult(true, new RawJson(view.StateJson!));
        }
        catch (Exception e) when (e is not HubException)
        {
            return new FullStateResult(false, Error: Failed(e, HubProtocol.Methods.RequestFull, sessionId));
        }
    }

    [HubMethodName(HubProtocol.Methods.RequestSince)]
    public async Task<UpdatesSinceResult> RequestSinceAsync(JsonElement sessionIdArgument, JsonElement versionArgument)
    {
        if (!HubArguments.TryReadSessionId(sessionIdArgument, ids, out var sessionId, out var invalidSession))
        {
            return new UpdatesSinceResult(false, Error: invalidSession);
        }

        if (!HubArguments.TryReadVersion(versionArgument, out var since, out var invalidVersion))
        {
            return new UpdatesSinceResult(false, Error: invalidVersion);
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
            return new UpdatesSinceResult(false, Error: Failed(e, HubProtocol.Methods.RequestSince, sessionId));
        }
    }

    private IGameSessionGrain Session(string sessionId) => cluster.GetGrain<IGameSessionGrain>(sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Update for session {SessionId} resent by the gateway after {Reason} (attempt {Attempt})")]
    private partial void LogUpdateResent(string reason, string sessionId, int attempt);

}
