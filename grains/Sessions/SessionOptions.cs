namespace Orleans.GameState.Grains.Sessions;

/// <summary>How a session grain keeps its history (configuration section <c>Sessions</c>).</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Updates kept in the log for <c>requestSince</c> and idempotent resends; older ones are pruned behind a snapshot.</summary>
    public int LogRetention { get; set; } = 1000;

    /// <summary>
    /// A snapshot is written once the log bytes since the last one reach the state's size (so snapshot
    /// cost, amortised, stays proportional to the updates), but not before this many bytes ...
    /// </summary>
    public long SnapshotMinLogBytes { get; set; } = 256 * 1024;

    /// <summary>... and at the latest after this many updates, which bounds replay time at activation.</summary>
    public int SnapshotMaxUpdates { get; set; } = 2000;

    /// <summary>Recent broadcasts kept in memory to repair relay gaps without a database read.</summary>
    public int RecentBroadcasts { get; set; } = 64;

    /// <summary>A relay registration lapses unless renewed within this time.</summary>
    public TimeSpan ObserverExpiry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A gateway's presence lease lapses unless renewed within this time (relays renew every few seconds).</summary>
    public TimeSpan PresenceLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often lapsed presence leases are looked for; lease plus this bounds how long a dead gateway's users stay.</summary>
    public TimeSpan PresenceSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a failed storage write before the update fails with <c>TRANSACTION_FAILED</c>.</summary>
    public int StorageRetries { get; set; } = 3;

    public TimeSpan StorageRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}
