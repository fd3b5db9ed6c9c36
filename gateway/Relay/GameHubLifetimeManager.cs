using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans.GameState.Gateway.Hubs;
using Orleans.GameState.Gateway.Telemetry;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>
/// SignalR's default lifetime manager for <see cref="GameHub"/>, which also gives every connection its outbox
/// for the whole life of the connection. It is the one place SignalR hands out the
/// <see cref="HubConnectionContext"/>, which outboxes need to write pre-serialised frames.
/// </summary>
public sealed class GameHubLifetimeManager(
    ConnectionOutboxes outboxes,
    IOptions<RelayOptions> options,
    GatewayMetrics metrics,
    ILogger<ConnectionOutbox> outboxLogger,
    ILogger<DefaultHubLifetimeManager<GameHub>> logger) : DefaultHubLifetimeManager<GameHub>(logger)
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        outboxes.Add(new ConnectionOutbox(connection, options.Value.ConnectionBufferSize, options.Value.OutboxBytes, metrics, outboxLogger));
        metrics.Connected();
    }

    /// <remarks>Runs after the hub's own <c>OnDisconnectedAsync</c>, which leaves the connection's relays first.</remarks>
    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        outboxes.Remove(connection.ConnectionId);
        metrics.Disconnected();
        await base.OnDisconnectedAsync(connection);
    }
}
