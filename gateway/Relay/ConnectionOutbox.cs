using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Orleans.GameState.Gateway.Json;
using Orleans.GameState.Gateway.Telemetry;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>
/// The events bound for one connection, sent in order by the connection's own pump. A client that stops
/// reading stalls only its own pump; when its bounded buffer overflows, it is disconnected rather than
/// allowed to hold memory or delay anyone else (it catches up by version when it reconnects).
/// </summary>
public sealed class ConnectionOutbox
{
    private readonly Channel<OutboundEvent> _events;
    private readonly HubCallerContext _connection;
    private readonly ISingleClientProxy _client;
    private readonly GatewayMetrics _metrics;

    public ConnectionOutbox(HubCallerContext connection, ISingleClientProxy client, int capacity, GatewayMetrics metrics)
    {
        _connection = connection;
        _client = client;
        _metrics = metrics;
        _events = Channel.CreateBounded<OutboundEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Pump = PumpAsync();
    }

    public string ConnectionId => _connection.ConnectionId;

    public string? UserId => _connection.UserIdentifier;

    public Task Pump { get; }

    /// <summary>False when the connection was too far behind and has been disconnected.</summary>
    public bool TryEnqueue(OutboundEvent item)
    {
        if (_events.Writer.TryWrite(item))
        {
            return true;
        }

        _events.Writer.TryComplete();
        _connection.Abort();
        _metrics.StalledDisconnect();
        return false;
    }

    public void Complete() => _events.Writer.TryComplete();

    private async Task PumpAsync()
    {
        await Task.Yield();
        var aborted = _connection.ConnectionAborted;
        try
        {
            await foreach (var item in _events.Reader.ReadAllAsync(aborted))
            {
                await _client.SendAsync(item.Name, new RawJson(item.Payload), aborted);
                _metrics.Delivered(Stopwatch.GetElapsedTime(item.ReceivedAt));
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The connection went away; its remaining events have nowhere to go.
        }
    }
}
