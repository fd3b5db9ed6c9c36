using Microsoft.AspNetCore.SignalR.Client;
using Orleans.GameState.Client.Internal;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client;

/// <summary>The hub connection: invocations with a deadline, (re)starting it, and rejoining after a reconnection.</summary>
public sealed partial class GameSessionClient
{
    private async Task<T> InvokeAsync<T>(string method, object?[] arguments, TimeSpan timeout, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(timeout);
        try
        {
            return await _connection.InvokeCoreAsync<T>(method, arguments, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !token.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} was not answered within {timeout}.");
        }
    }

    private async Task StartConnectionAsync(CancellationToken token, bool restarting = false)
    {
        await _connectGate.WaitAsync(token);
        try
        {
            var waited = TimeSpan.Zero;
            while (_connection.State != HubConnectionState.Connected)
            {
                if (_connection.State == HubConnectionState.Disconnected)
                {
                    if (!restarting)
                    {
                        SetStatus(GameSessionStatus.Connecting);
                    }

                    await _connection.StartAsync(token);
                    _wantConnected = true;
                    return;
                }

                // Connecting or reconnecting already: wait for it (bounded).
                if (waited > _options.RequestTimeout)
                {
                    throw new TimeoutException($"The connection to {HubAddress} was not re-established within {_options.RequestTimeout}.");
                }

                await Task.Delay(50, token);
                waited += TimeSpan.FromMilliseconds(50);
            }

            _wantConnected = true;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private Task OnReconnectingAsync(Exception? error)
    {
        ResetReady();
        SetStatus(GameSessionStatus.Reconnecting);
        LogReconnecting(error, HubAddress);
        return Task.CompletedTask;
    }

    private Task OnReconnectedAsync(string? connectionId)
    {
        Interlocked.Increment(ref _reconnects);
        _ = ResyncAsync();
        return Task.CompletedTask;
    }

    private Task OnClosedAsync(Exception? error)
    {
        ResetReady();
        if (Volatile.Read(ref _disposed) != 0 || !_wantConnected)
        {
            SetStatus(GameSessionStatus.Disconnected);
            return Task.CompletedTask;
        }

        // SignalR's own reconnection ended (e.g. the server closed the connection without allowing it): never give up.
        LogRestarting(error, HubAddress);
        _ = RestartAsync(error);
        return Task.CompletedTask;
    }

    /// <param name="closeError">Why the connection ended: after a flood close the first attempt waits out the cool-off.</param>
    private async Task RestartAsync(Exception? closeError)
    {
        if (Interlocked.Exchange(ref _restarting, 1) != 0)
        {
            return;
        }

        var token = _stopping.Token;
        try
        {
            SetStatus(GameSessionStatus.Reconnecting);
            for (long attempt = 0; ; attempt++)
            {
                var backoff = _retryPolicy.Delay(attempt);
                await Task.Delay(
                    attempt == 0 ? FloodCoolOff.ReconnectDelay(closeError, backoff, _options.FloodCoolOff, Random.Shared.NextDouble()) : backoff,
                    token);
                try
                {
                    await StartConnectionAsync(token, restarting: true);
                    break;
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    LogReconnectAttemptFailed(e, attempt + 1, HubAddress);
                }
            }

            Interlocked.Increment(ref _reconnects);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            Volatile.Write(ref _restarting, 0);
        }

        await ResyncAsync();
    }

    /// <summary>After a reconnection: rejoin (a new connection is joined to nothing) and catch up, retrying until it works.</summary>
    private async Task ResyncAsync()
    {
        var token = _stopping.Token;
        try
        {
            await _gate.WaitAsync(token);
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    if (_sessionId is not { } sessionId)
                    {
                        SetStatus(GameSessionStatus.Connected);
                        return;
                    }

                    if (_connection.State != HubConnectionState.Connected)
                    {
                        return; // lost again: the next reconnection resyncs
                    }

                    SetStatus(GameSessionStatus.Joining);
                    ErrorInfo? error;
                    try
                    {
                        error = await JoinCoreAsync(sessionId, token);
                    }
                    catch (Exception e) when (!token.IsCancellationRequested)
                    {
                        LogRejoinFailed(e, sessionId, attempt);
                        await Task.Delay(Backoff.Delay(attempt, _options.RetryBaseDelay, _options.MaxRetryDelay), token);
                        continue;
                    }

                    if (error is null)
                    {
                        SetReady();
                        SetStatus(GameSessionStatus.Synced);
                        return;
                    }

                    if (UpdatePolicy.IsPermanentJoinError(error))
                    {
                        LogRejoinRefused(sessionId, error.Code, error.Message);
                        _lastError = error;
                        FailReady(new GameStateException(error));
                        SetStatus(GameSessionStatus.Failed);
                        return;
                    }

                    await Task.Delay(Backoff.Delay(attempt, _options.RetryBaseDelay, _options.MaxRetryDelay), token);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
    }
}
