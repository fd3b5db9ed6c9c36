using Microsoft.Extensions.Logging;
using Orleans.GameState.Client.Internal;
using Orleans.GameState.Client.Persistence;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Client;

/// <summary>Optional persistence of the local copy to an <see cref="IStateStore"/>.</summary>
public sealed partial class GameSessionClient
{
    private readonly SemaphoreSlim _saveSignal = new(0);
    private readonly SemaphoreSlim _saveGate = new(1, 1);
    private long _changeCount;
    private long _savedChangeCount;
    private int _dirty;

    private void MarkDirty()
    {
        Interlocked.Increment(ref _changeCount);
        if (_options.StateStore is not null && Interlocked.Exchange(ref _dirty, 1) == 0)
        {
            _saveSignal.Release();
        }
    }

    /// <summary>Starts the copy from the store, if it holds one for the session (the server then only sends what it lacks).</summary>
    private async Task LoadStoredAsync(IStateStore store, string sessionId, CancellationToken token)
    {
        byte[]? stored;
        try
        {
            stored = await store.LoadAsync(sessionId, token);
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            LogStoredStateUnreadable(e, sessionId);
            return;
        }

        if (stored is null)
        {
            return;
        }

        GameStateDocument state;
        try
        {
            state = StateReplica.ParseState(stored);
        }
        catch (StateValidationException e)
        {
            LogStoredStateInvalid(e, sessionId);
            return;
        }

        Publish(_replica.Replace(state, GameStateChangeKind.Loaded));
        Interlocked.Exchange(ref _savedChangeCount, Interlocked.Read(ref _changeCount));
    }

    /// <summary>Writes changes, coalesced over <see cref="GameSessionClientOptions.SaveDelay"/>.</summary>
    private async Task SaveLoopAsync()
    {
        if (_options.StateStore is null)
        {
            return;
        }

        var token = _stopping.Token;
        try
        {
            while (true)
            {
                await _saveSignal.WaitAsync(token);
                await Task.Delay(_options.SaveDelay, token);
                Volatile.Write(ref _dirty, 0);
                if (_sessionId is { } sessionId)
                {
                    await SaveNowAsync(sessionId, token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed: DisposeAsync writes the last state.
        }
    }

    private async Task SaveNowAsync(string sessionId, CancellationToken token)
    {
        if (_options.StateStore is not { } store)
        {
            return;
        }

        await _saveGate.WaitAsync(token);
        try
        {
            var changes = Interlocked.Read(ref _changeCount);
            if (changes == Interlocked.Read(ref _savedChangeCount) || _replica.Snapshot() is not { } snapshot)
            {
                return;
            }

            await store.SaveAsync(sessionId, snapshot.Version, snapshot.Json, token);
            Interlocked.Exchange(ref _savedChangeCount, changes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStateNotStored(e, sessionId);
        }
        finally
        {
            _saveGate.Release();
        }
    }
}
