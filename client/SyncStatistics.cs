namespace Orleans.GameState.Client;

/// <summary>
/// Counters of what a <see cref="GameSessionClient"/> did to stay in sync: for diagnostics, metrics and tests.
/// A snapshot; read <see cref="GameSessionClient.Statistics"/> again for fresh values.
/// </summary>
public sealed record SyncStatistics
{
    /// <summary><c>gameSession:join</c> calls that were answered (the first join and every rejoin).</summary>
    public long Joins { get; init; }

    /// <summary><c>gameState:requestSince</c> calls that were answered.</summary>
    public long RequestSinceCalls { get; init; }

    /// <summary><c>gameState:requestFull</c> calls that were answered.</summary>
    public long RequestFullCalls { get; init; }

    /// <summary>requestSince answers of HISTORY_UNAVAILABLE (followed by a full state).</summary>
    public long HistoryUnavailable { get; init; }

    /// <summary>Broadcasts applied to the local copy (newVersion was current + 1).</summary>
    public long BroadcastsApplied { get; init; }

    /// <summary>Broadcasts ignored because the copy already had their version (e.g. the GM's own, already confirmed).</summary>
    public long BroadcastsIgnored { get; init; }

    /// <summary>Broadcasts that revealed a gap (newVersion beyond current + 1) and started a catch-up.</summary>
    public long GapsDetected { get; init; }

    /// <summary>Times the local copy was replaced by a whole state from the server.</summary>
    public long FullStatesAdopted { get; init; }

    /// <summary><c>gameState:update</c> invocations sent, resends included.</summary>
    public long UpdatesSent { get; init; }

    /// <summary>Resends of an update id after a timeout, a lost connection or a transient failure.</summary>
    public long UpdatesResent { get; init; }

    /// <summary>Updates the server accepted.</summary>
    public long UpdatesConfirmed { get; init; }

    /// <summary>Updates reported to the caller as failed.</summary>
    public long UpdatesFailed { get; init; }

    /// <summary>Times the connection was re-established after a loss.</summary>
    public long Reconnects { get; init; }
}
