using System.ComponentModel.DataAnnotations;
using Orleans.GameState.Configuration;

namespace Orleans.GameState.Grains.WriteThrough;

/// <summary>How sessions write through to the backing models (configuration section <c>WriteThrough</c>), checked at start.</summary>
public sealed class WriteThroughOptions
{
    public const string SectionName = "WriteThrough";

    /// <summary>
    /// Wait after an accepted update before flushing, to gather a burst into fewer writes. Zero by default: the
    /// flush starts as soon as the update's turn is over. Keep it well under a second (the steady-state promise);
    /// tests set it long to hold flushes back. Resuming after activation never waits.
    /// </summary>
    [NonNegativeDuration]
    public TimeSpan FlushDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Pause between two flushes while a burst goes on, so a busy session writes its entities at most this often.</summary>
    [NonNegativeDuration]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// When updates touched no backing model (pluginData, say) only the written-through version is owed: it is
    /// recorded after this wait, which gathers a run of such updates into one write.
    /// </summary>
    [NonNegativeDuration]
    public TimeSpan VersionOnlyDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>First wait after a failed flush; doubles on each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    [NonNegativeDuration]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [NonNegativeDuration]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a flush looks again while an update's append is still in flight.</summary>
    [NonNegativeDuration]
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Entity grains written at once by one flush.</summary>
    [Range(1, int.MaxValue)]
    public int MaxConcurrentWrites { get; set; } = 32;

    /// <summary>How long a deactivating session tries its last flush (what it misses, the next activation does). Zero turns it off.</summary>
    [NonNegativeDuration]
    public TimeSpan FinalFlushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each silo looks for sessions whose write-through is behind and that nobody calls (their silo
    /// died right after an update), and wakes them. Zero turns it off.
    /// </summary>
    [NonNegativeDuration]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Only updates older than this count as stuck: a live session writes through within a second.</summary>
    [NonNegativeDuration]
    public TimeSpan RecoveryGrace { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, int.MaxValue)]
    public int RecoveryBatch { get; set; } = 200;
}
