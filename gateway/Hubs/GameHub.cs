using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Gateway.Json;
using Orleans.GameState.Gateway.Relay;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>
/// The hub of docs/api.md section 5. Thin: it checks what only the gateway can (rate, types of arguments),
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
    IOptions<HubCallOptions> callOptions,
    ILogger<GameHub> logger) : Hub
{
    private readonly HubCallOptions _calls = callOptions.Value;

    private string UserId => Context.UserIdentifier ?? throw new HubException("Unauthenticated.");

    /// <remarks>The connection's outbox lives as long as the connection: see <see cref="GameHubLifetimeManager"/>.</remarks>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        rateLimits.Forget(Context.ConnectionId);
        await relays.LeaveAllAsync(Context.ConnectionId);
    }

    [HubMethodName(HubProtocol.Methods.Join)]
    public async Task<JoinResponse> JoinAsync(JsonElement sessionIdArgument)
    {
        if (!HubArguments.TryReadSessionId(sessionIdArgument, ids, out var sessionId, out var invalid))
        {
            return new JoinResponse(false, false, Error: invalid);
        }

        try
        {
            // Register before reading the state: every version after the state's is then relayed.
            if (!await relays.JoinAsync(sessionId, Context.ConnectionId, UserId))
            {
                return new JoinResponse(false, false, Error: new ErrorInfo(ErrorCodes.SessionNotFound, $"Session '{sessionId}' does not exist."));
            }

            var view = await Session(sessionId).GetStateAsync(UserId);
            if (view.Error is { } error)
            {
                await relays.LeaveAsync(sessionId, Context.ConnectionId);
                return new JoinResponse(false, false, Error: error);
            }

            relays.SetFloor(sessionId, Context.ConnectionId, view.Version, view.IsGm);
            var presence = await relays.ReportPresenceAsync(sessionId);
            return new JoinResponse(true, view.IsGm, new RawJson(view.StateJson!), Presence: JoinPresence.Of(presence, UserId, view.IsGm));
        }
        catch (Exception e) when (e is not HubException)
        {
            await relays.LeaveAsync(sessionId, Context.ConnectionId);
            return new JoinResponse(false, false, Error: Failed(e, HubProtocol.Methods.Join, sessionId));
        }
    }

    [HubMethodName(HubProtocol.Methods.Leave)]
    public async Task<LeaveResponse> LeaveAsync(JsonElement sessionIdArgument)
    {
        if (!HubArguments.TryReadSessionId(sessionIdArgument, ids, out var sessionId, out var invalid))
        {
            return new LeaveResponse(false, invalid);
        }

        await relays.LeaveAsync(sessionId, Context.ConnectionId);
        return new LeaveResponse(true);
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
        // Both are settings (HubCallOptions).
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Session(update.SessionId!).UpdateAsync(update, UserId).WaitAsync(_calls.UpdateAttemptTimeout);
            }
            catch (Exception e) when (e is OrleansMessageRejectionException or TimeoutException
                && Stopwatch.GetElapsedTime(started) < _calls.UpdateRetryBudget)
            {
                LogUpdateResent(e.GetType().Name, update.SessionId!, attempt);
                await Task.Delay(_calls.UpdateRetryBackoff * Math.Min(attempt, 5));
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

    [HubMethodName(HubProtocol.Methods.RequestFull)]
    public async Task<FullStateResponse> RequestFullAsync(JsonElement sessionIdArgument)
    {
        if (!HubArguments.TryReadSessionId(sessionIdArgument, ids, out var sessionId, out var invalid))
        {
            return new FullStateResponse(false, Error: invalid);
        }

        try
        {
            var view = await Session(sessionId).GetStateAsync(UserId);
            return view.Error is { } error ? new FullStateResponse(false, Error: error) : new FullStateResponse(true, new RawJson(view.StateJson!));
        }
        catch (Exception e) when (e is not HubException)
        {
            return new FullStateResponse(false, Error: Failed(e, HubProtocol.Methods.RequestFull, sessionId));
        }
    }

    [HubMethodName(HubProtocol.Methods.RequestSince)]
    public async Task<UpdatesSinceResponse> RequestSinceAsync(JsonElement sessionIdArgument, JsonElement versionArgument)
    {
        if (!HubArguments.TryReadSessionId(sessionIdArgument, ids, out var sessionId, out var invalidSession))
        {
            return new UpdatesSinceResponse(false, Error: invalidSession);
        }

        if (!HubArguments.TryReadVersion(versionArgument, out var since, out var invalidVersion))
        {
            return new UpdatesSinceResponse(false, Error: invalidVersion);
        }

        try
        {
            var view = await Session(sessionId).GetUpdatesSinceAsync(UserId, since);
            return view.Error is { } error
                ? new UpdatesSinceResponse(false, Error: error)
                : new UpdatesSinceResponse(true, view.Updates!.Select(u => new RawJson(u.UpdatedJson)).ToList());
        }
        catch (Exception e) when (e is not HubException)
        {
            return new UpdatesSinceResponse(false, Error: Failed(e, HubProtocol.Methods.RequestSince, sessionId));
        }
    }

    private IGameSessionGrain Session(string sessionId) => cluster.GetGrain<IGameSessionGrain>(sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Update for session {SessionId} resent by the gateway after {Reason} (attempt {Attempt})")]
    private partial void LogUpdateResent(string reason, string sessionId, int attempt);

}
