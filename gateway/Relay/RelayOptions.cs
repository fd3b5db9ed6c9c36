namespace Orleans.GameState.Gateway.Relay;

/// <summary>Relay tuning (configuration section <c>Relay</c>).</summary>
public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>Events queued for one connection before it counts as stalled and is disconnected (it catches up on reconnect).</summary>
    public int ConnectionBufferSize { get; set; } = 1024;

    /// <summary>How often a relay renews its registration with the session grain and checks for a missed version.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an out-of-order event waits for the versions before it before the relay reads them from the log.</summary>
    public TimeSpan GapRepairDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
