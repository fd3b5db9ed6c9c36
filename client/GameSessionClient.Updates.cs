using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Client.Internal;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Client;

/// <summary>The GM's update queue: one update in flight at a time, in call order.</summary>
public sealed partial class GameSessionClient
{
    /// <summary>
    /// Queues an update; the task completes with the server's answer once the local copy reflects it. Updates are sent
    /// one at a time, in call order, each with the version current when it is sent.
    /// </summary>
    /// <remarks>
    /// <para>Accepted: the copy advances (exactly once, whether the answer or the broadcast comes first), then the task
    /// completes. VERSION_CONFLICT: the copy is refreshed (requestFull), then the task completes with the failed
    /// response; later updates go on from the refreshed version. No answer (timeout, lost connection): the same update
    /// id is resent after reconnecting, until answered. TRANSACTION_FAILED/RATE_LIMITED: resent with backoff up to
    /// <see cref="GameSessionClientOptions.MaxTransientRetries"/> times. Other errors complete the task with the failed
    /// response. See <see cref="StateUpdateResponseExtensions.EnsureSuccess"/> to turn failures into exceptions.</para>
    /// <para><paramref name="cancellationToken"/> withdraws the update only while it waits in the queue; once sent it
    /// runs to its outcome.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">Not joined to a session.</exception>
    public Task<StateUpdateResponse> UpdateAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
        {
            throw new ArgumentException("An update needs at least one operation.", nameof(operations));
        }

        StateOperation[] copy = [.. operations];
        return UpdateAsync(_ => copy, cancellationToken);
    }

    /// <inheritdoc cref="UpdateAsync(IReadOnlyList{StateOperation}, CancellationToken)"/>
    public Task<StateUpdateResponse> UpdateAsync(params StateOperation[] operations) =>
        UpdateAsync((IReadOnlyList<StateOperation>)operations, CancellationToken.None);

    /// <summary>
    /// Queues an update whose operations are built when it is about to be sent, from the state at the version it is
    /// sent with: paths that hold array indices (found by id) are then right even after earlier queued updates.
    /// An exception from <paramref name="build"/> fails this update only.
    /// </summary>
    /// <inheritdoc cref="UpdateAsync(IReadOnlyList{StateOperation}, CancellationToken)"/>
    public Task<StateUpdateResponse> UpdateAsync(Func<GameStateDocument, IReadOnlyList<StateOperation>> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        return Enqueue(new PendingUpdate(build, toVersion: null, cancellationToken));
    }

    /// <summary>Puts an update or a revert in the GM queue; its task completes with the outcome.</summary>
    private Task<StateUpdateResponse> Enqueue(PendingUpdate item)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_sessionId is null)
        {
            throw new InvalidOperationException("Join a session before updating it.");
        }

        Interlocked.Increment(ref _pendingUpdates);
        if (!_updates.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _pendingUpdates);
            throw new ObjectDisposedException(nameof(GameSessionClient));
        }

        return item.Completion.Task;
    }

    private async Task SendLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            await foreach (var item in _updates.Reader.ReadAllAsync(token))
            {
                try
                {
                    if (!item.TryStart())
                    {
                        continue; // withdrawn while queued
                    }

                    var response = await SendAsync(item, token);
                    Interlocked.Increment(ref response.Success ? ref _updatesConfirmed : ref _updatesFailed);
                    item.Completion.TrySetResult(response);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    item.Completion.TrySetException(new ObjectDisposedException(nameof(GameSessionClient), "The client was disposed before the update was answered."));
                    throw;
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref _updatesFailed);
                    item.Completion.TrySetException(e);
                }
                finally
                {
                    item.Dispose();
                    Interlocked.Decrement(ref _pendingUpdates);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed: DisposeAsync fails what is left in the queue.
        }
    }

    /// <summary>Sends one update (or revert) until it has an outcome, and makes the local copy reflect it.</summary>
    private async Task<StateUpdateResponse> SendAsync(PendingUpdate item, CancellationToken token)
    {
        await WaitReadyAsync(token);
        OutgoingUpdate outgoing;
        await _gate.WaitAsync(token);
        try
        {
            var sessionId = _sessionId ?? throw new InvalidOperationException("The client left the session.");
            outgoing = _replica.Read(state => OutgoingUpdate.Build(item, sessionId, state));
        }
        finally
        {
            _gate.Release();
        }

        if (outgoing.Update is { } sized && HubMessageLimits.Check(sized, _options.MaxMessageBytes) is { } tooLarge)
        {
            LogUpdateTooLarge(outgoing.Id, tooLarge.Message);
            return StateUpdateResponse.Failed(tooLarge);
        }

        var transientFailures = 0;
        var unanswered = 0;
        for (var attempt = 1; ; attempt++)
        {
            await WaitReadyAsync(token);
            if (attempt > 1)
            {
                Interlocked.Increment(ref _updatesResent);
            }

            StateUpdateResponse response;
            try
            {
                Interlocked.Increment(ref _updatesSent);
                response = await InvokeAsync<StateUpdateResponse>(outgoing.Method, [outgoing.Argument], _options.UpdateTimeout, token);
            }
            catch (Exception e) when (!token.IsCancellationRequested && e is not HubException)
            {
                // No answer: the server may or may not have applied it. Resending the same id is safe (idempotency):
                // an applied update answers with its original response, changing nothing.
                unanswered++;
                LogUpdateUnanswered(e, outgoing.Id, attempt);
                await Task.Delay(Backoff.Delay(Math.Min(unanswered, 8), _options.RetryBaseDelay, _options.MaxRetryDelay), token);
                continue;
            }

            if (response.Error?.Code is ErrorCodes.TransactionFailed or ErrorCodes.RateLimited)
            {
                transientFailures++;
            }

            switch (UpdatePolicy.Decide(response, transientFailures, _options.MaxTransientRetries))
            {
                case UpdateAction.Confirm:
                    await ConfirmAsync(outgoing, response, token);
                    return response;
                case UpdateAction.RefreshThenFail:
                    LogUpdateConflicted(outgoing.Id, outgoing.Version, response.Error?.CurrentVersion);
                    await WithGateAsync(() => RunSyncStepAsync(RefreshFullCoreAsync, "refresh after a conflict", token), token);
                    return response;
                case UpdateAction.RetryAfterBackoff:
                    await Task.Delay(Backoff.Delay(transientFailures, _options.RetryBaseDelay, _options.MaxRetryDelay), token);
                    continue;
                default:
                    return response;
            }
        }
    }

    /// <summary>The server accepted the update: the copy gets it exactly once (the broadcast of it is then ignored).</summary>
    /// <remarks>
    /// An update's operations are known here, so the copy applies them at once. A revert's are not (the server works
    /// them out), so the copy takes the revert's broadcast: already applied when it came first, else fetched now.
    /// </remarks>
    private async Task ConfirmAsync(OutgoingUpdate outgoing, StateUpdateResponse response, CancellationToken token)
    {
        var newVersion = StateReplica.ParseVersion(response.NewVersion, "newVersion");
        await WithGateAsync(async () =>
        {
            if (outgoing.Update is not { } update)
            {
                if (_replica.Version < newVersion)
                {
                    await RunSyncStepAsync(CatchUpCoreAsync, "catch-up after a revert", token);
                }

                return;
            }

            ConfirmOutcome outcome;
            try
            {
                outcome = _replica.Confirm(update, newVersion, out var change);
                if (change is not null)
                {
                    Publish(change);
                }
            }
            catch (ReplicaDivergedException e)
            {
                LogCopyDiverged(e, _sessionId);
                await RunSyncStepAsync(RefreshFullCoreAsync, "refresh", token);
                return;
            }

            if (outcome == ConfirmOutcome.NeedsCatchUp)
            {
                await RunSyncStepAsync(CatchUpCoreAsync, "catch-up", token);
            }
        }, token);
    }

    private async Task WithGateAsync(Func<Task> action, CancellationToken token)
    {
        await _gate.WaitAsync(token);
        try
        {
            await action();
        }
        finally
        {
            _gate.Release();
        }
    }
}
