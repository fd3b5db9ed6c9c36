using System.ComponentModel.DataAnnotations;
using Orleans.GameState.Configuration;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>How the hub waits for the cluster (configuration section <c>Hub</c>), checked at start.</summary>
public sealed class HubCallOptions
{
    public const string SectionName = "Hub";

    /// <summary>
    /// How long one attempt of an update waits for the session grain before the gateway resends it (same id). A request
    /// in flight through a silo that died is otherwise answered only by Orleans' response timeout (30 s).
    /// </summary>
    [NonNegativeDuration]
    public TimeSpan UpdateAttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long the gateway keeps resending one update before it answers <c>TRANSACTION_FAILED</c>.</summary>
    [NonNegativeDuration]
    public TimeSpan UpdateRetryBudget { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The pause before a resend, times the attempt number (at most 5).</summary>
    [NonNegativeDuration]
    public TimeSpan UpdateRetryBackoff { get; set; } = TimeSpan.FromMilliseconds(100);
}
