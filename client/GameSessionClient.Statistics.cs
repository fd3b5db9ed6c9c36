namespace Orleans.GameState.Client;

/// <summary>The counters behind <see cref="Statistics"/>.</summary>
public sealed partial class GameSessionClient
{
    private long _joins;
    private long _requestSinceCalls;
    private long _requestFullCalls;
    private long _historyUnavailable;
    private long _broadcastsApplied;
    private long _broadcastsIgnored;
    private long _gapsDetected;
    private long _fullStatesAdopted;
    private long _updatesSent;
    private long _updatesResent;
    private long _updatesConfirmed;
    private long _updatesFailed;
    private long _reconnects;

    /// <summary>What the client did so far: joins, catch-ups, broadcasts, updates, reconnections.</summary>
    public SyncStatistics Statistics => new()
    {
        Joins = Interlocked.Read(ref _joins),
        RequestSinceCalls = Interlocked.Read(ref _requestSinceCalls),
        RequestFullCalls = Interlocked.Read(ref _requestFullCalls),
        HistoryUnavailable = Interlocked.Read(ref _historyUnavailable),
        BroadcastsApplied = Interlocked.Read(ref _broadcastsApplied),
        BroadcastsIgnored = Interlocked.Read(ref _broadcastsIgnored),
        GapsDetected = Interlocked.Read(ref _gapsDetected),
        FullStatesAdopted = Interlocked.Read(ref _fullStatesAdopted),
        UpdatesSent = Interlocked.Read(ref _updatesSent),
        UpdatesResent = Interlocked.Read(ref _updatesResent),
        UpdatesConfirmed = Interlocked.Read(ref _updatesConfirmed),
        UpdatesFailed = Interlocked.Read(ref _updatesFailed),
        Reconnects = Interlocked.Read(ref _reconnects),
    };
}
