using System.ComponentModel.DataAnnotations;
using Orleans.GameState.Configuration;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>Relay tuning (configuration section <c>Relay</c>), checked at start.</summary>
public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>Events queued for one connection before it counts as stalled and is disconnected (it catches up on reconnect).</summary>
    [Range(1, int.MaxValue)]
    public int ConnectionBufferSize { get; set; } = 1024;

    /// <summary>
    /// Bytes queued for one connection, its outbox and SignalR's transport buffer (<see cref="TransportBufferBytes"/>)
    /// together, before it counts as stalled and is disconnected.
    /// </summary>
    public long ConnectionBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// SignalR's buffer between the hub and the socket for one connection (its <c>TransportMaxBufferSize</c>): past it,
    /// writes wait and events queue in the outbox. Part of <see cref="ConnectionBufferBytes"/>.
    /// </summary>
    public long TransportBufferBytes { get; set; } = 64 * 1024;

    /// <summary>What the outbox itself may hold: <see cref="ConnectionBufferBytes"/> less the transport's share.</summary>
    public long OutboxBytes => Math.Max(0, ConnectionBufferBytes - TransportBufferBytes);

    /// <summary>How often a relay renews its registration with the session grain and checks for a missed version.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an out-of-order event waits for the versions before it before the relay reads them from the log.</summary>
    [NonNegativeDuration]
    public TimeSpan GapRepairDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
