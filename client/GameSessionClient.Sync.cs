using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Client.Internal;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Client;

/// <summary>The sync pump: keeping the local copy in sync (broadcasts, gaps, joins, catch-up, refresh).</summary>
public sealed partial class GameSessionClient
{
    /// <summary>Attempts of one catch-up or refresh while connected before waiting for the next broadcast or reconnection.</summary>
    private const int SyncAttempts = 3;

    /// <summary>The sync loop: applies hub events one at a time, in arrival order, under the gate.</summary>
    private async Task PumpAsync()
    {
        var token = _stopping.Token;
        try
        {
            await foreach (var item in _inbox.Reader.ReadAllAsync(token))
            {
                await _gate.WaitAsync(token);
                try
                {
                    await HandleInboundAsync(item, token);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    LogEventFailed(e, item.GetType().Name);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task HandleInboundAsync(Inbound item, CancellationToken token)
    {
        switch (item)
        {
            case InboundBroadcast { Broadcast: var broadcast }:
                await HandleBroadcastAsync(broadcast, token);
                break;
            case InboundEncounter { Started: var started } when started.SessionId == _sessionId:
                Raise(EncounterStarted, started, nameof(EncounterStarted));
                break;
            case InboundError { Error: var error } when error.SessionId == _sessionId:
                Raise(ServerError, error, nameof(ServerError));
                break;
            case InboundPresence { Presence: var presence }:
                SetPresence(presence.SessionId, presence.Users);
                break;
        }
    }

    private void Raise<T>(EventHandler<T>? handler, T value, string name)
    {
        try
        {
            handler?.Invoke(this, value);
        }
        catch (Exception e)
        {
            LogHandlerThrew(e, name);
        }
    }

    /// <summary>
    /// The player rule, for every connection: the next version is applied, versions already held are ignored, and a
    /// gap is filled from the server (requestSince, or requestFull when the history is gone) before going on.
    /// </summary>
    private async Task HandleBroadcastAsync(UpdateBroadcast broadcast, CancellationToken token)
    {
        if (_sessionId is null || broadcast.SessionId != _sessionId || !_replica.HasState)
        {
            return;
        }

        switch (_replica.Classify(broadcast))
        {
            case BroadcastDisposition.Ignore:
                Interlocked.Increment(ref _broadcastsIgnored);
                return;
            case BroadcastDisposition.Gap:
                Interlocked.Increment(ref _gapsDetected);
                LogGap(_sessionId, broadcast.NewVersion, _replica.Version);
                await RunSyncStepAsync(CatchUpCoreAsync, "catch-up", token);
                break;
        }

        if (_replica.Classify(broadcast) == BroadcastDisposition.Apply && !ApplyBroadcasts([broadcast], long.MaxValue))
        {
            await RunSyncStepAsync(RefreshFullCoreAsync, "refresh", token);
        }
    }

    /// <summary>Applies broadcasts in order up to <paramref name="upTo"/>; false when they do not fit the copy (a gap or a divergence).</summary>
    private bool ApplyBroadcasts(IReadOnlyList<UpdateBroadcast> broadcasts, long upTo)
    {
        foreach (var broadcast in broadcasts)
        {
            if (StateReplica.ParseVersion(broadcast.NewVersion, "newVersion") > upTo)
            {
                break;
            }

            switch (_replica.Classify(broadcast))
            {
                case BroadcastDisposition.Ignore:
                    continue;
                case BroadcastDisposition.Gap:
                    LogNotNext(_sessionId, broadcast.NewVersion, _replica.Version);
                    return false;
            }

            try
            {
                if (_replica.TryApply(broadcast) is { } change)
                {
                    Interlocked.Increment(ref _broadcastsApplied);
                    Publish(change);
                }
            }
            catch (ReplicaDivergedException e)
            {
                LogCopyDiverged(e, _sessionId);
                return false;
            }
        }

        return true;
    }

    /// <summary>requestSince from the copy's version; requestFull when the history is gone or the updates do not fit.</summary>
    private async Task CatchUpCoreAsync(CancellationToken token)
    {
        var sessionId = _sessionId ?? throw new InvalidOperationException("Not joined.");
        var since = await RequestSinceAsync(sessionId, _replica.Version, token);
        if (since.Success)
        {
            if (!ApplyBroadcasts(BroadcastsOf(since), long.MaxValue))
            {
                await RefreshFullCoreAsync(token);
            }

            return;
        }

        if (since.Error?.Code == ErrorCodes.HistoryUnavailable)
        {
            await RefreshFullCoreAsync(token);
            return;
        }

        throw new GameStateException(since.Error ?? Unanswered(HubProtocol.Methods.RequestSince));
    }

    /// <summary><c>gameState:requestFull</c>: the copy becomes the server's state.</summary>
    private async Task RefreshFullCoreAsync(CancellationToken token)
    {
        var sessionId = _sessionId ?? throw new InvalidOperationException("Not joined.");
        var full = await InvokeAsync<FullStateResponse>(HubProtocol.Methods.RequestFull, [sessionId], _options.RequestTimeout, token);
        Interlocked.Increment(ref _requestFullCalls);
        if (!full.Success)
        {
            throw new GameStateException(full.Error ?? Unanswered(HubProtocol.Methods.RequestFull));
        }

        Adopt(ParseState(full.GameState));
    }

    private async Task<UpdatesSinceResponse> RequestSinceAsync(string sessionId, long version, CancellationToken token)
    {
        var since = await InvokeAsync<UpdatesSinceResponse>(
            HubProtocol.Methods.RequestSince, [sessionId, StateUpdateValidator.FormatVersion(version)], _options.RequestTimeout, token);
        Interlocked.Increment(ref _requestSinceCalls);
        if (since.Error?.Code == ErrorCodes.HistoryUnavailable)
        {
            Interlocked.Increment(ref _historyUnavailable);
        }

        return since;
    }

    private static IReadOnlyList<UpdateBroadcast> BroadcastsOf(UpdatesSinceResponse since) =>
        since.Updates?.Select(update => update.Deserialize<UpdateBroadcast>()).ToList() ?? [];

    private void Adopt(GameStateDocument state)
    {
        Interlocked.Increment(ref _fullStatesAdopted);
        Publish(_replica.Replace(state, GameStateChangeKind.Replaced));
    }

    /// <summary>
    /// Joins on the current connection and brings the copy to (at least) the join's version. Returns the server's
    /// error when it refused. With a copy already held (from before a reconnection, or from the store), only the missing
    /// updates are fetched (requestSince) and checked against the join's state; otherwise the join's state is taken.
    /// </summary>
    private async Task<ErrorInfo?> JoinCoreAsync(string sessionId, CancellationToken token)
    {
        var response = await InvokeAsync<JoinResponse>(HubProtocol.Methods.Join, [sessionId], _options.RequestTimeout, token);
        if (!response.Success)
        {
            return response.Error ?? Unanswered(HubProtocol.Methods.Join);
        }

        Interlocked.Increment(ref _joins);
        _isGm = response.IsGm;
        SetPresence(sessionId, response.Presence);
        var joined = ParseState(response.GameState);
        if (!_replica.HasState || _replica.Version > joined.Version)
        {
            Adopt(joined);
            return null;
        }

        var local = _replica.Version;
        if (local == joined.Version)
        {
            return null;
        }

        var since = await RequestSinceAsync(sessionId, local, token);
        if (!since.Success)
        {
            // HISTORY_UNAVAILABLE (or another refusal): the join's state is the full state.
            LogJoinHistoryUnavailable(sessionId, local, since.Error?.Code);
            Adopt(joined);
            return null;
        }

        var updates = BroadcastsOf(since);
        if (!ApplyBroadcasts(updates, joined.Version) || _replica.Version != joined.Version || !_replica.SameContentAs(joined))
        {
            LogJoinReplayMismatch(sessionId, local);
            Adopt(joined);
        }

        // Updates accepted after the join's state; the same ones also arrive as broadcasts and are ignored then.
        ApplyBroadcasts(updates, long.MaxValue);
        return null;
    }

    /// <summary>Runs a sync step under the gate, retrying a few times while connected; gives up quietly otherwise.</summary>
    private async Task RunSyncStepAsync(Func<CancellationToken, Task> step, string what, CancellationToken token)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await step(token);
                return;
            }
            catch (Exception e) when (!token.IsCancellationRequested && IsRetryable(e))
            {
                if (_connection.State != HubConnectionState.Connected || attempt >= SyncAttempts)
                {
                    // Rejoining after the reconnection, or the next broadcast's gap, brings the copy up to date.
                    LogSyncStepFailed(e, _sessionId, what);
                    return;
                }

                await Task.Delay(Backoff.Delay(attempt, _options.RetryBaseDelay, _options.MaxRetryDelay), token);
            }
        }
    }

    private static bool IsRetryable(Exception e) =>
        e is not GameStateException { Code: not (ErrorCodes.TransactionFailed or ErrorCodes.RateLimited) };

    private static ErrorInfo Unanswered(string method) => new(ErrorCodes.TransactionFailed, $"{method} failed without an error.");
}
