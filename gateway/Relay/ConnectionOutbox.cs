using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Orleans.GameState.Gateway.Telemetry;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>
/// The events bound for one connection, written in order. While the socket keeps up, an event is written at once
/// by the caller (a copy of a shared frame into the connection's pipe, as SignalR's group sends do); once a write
/// has to wait, later events queue behind it and a pump sends them. A client that stops reading stalls only its
/// own queue; when that overflows, the client is disconnected rather than allowed to hold memory or delay anyone
/// else (it catches up by version when it reconnects).
/// </summary>
/// <remarks>
/// Overflowing is holding more than <paramref name="capacity"/> events or more than <paramref name="maxQueuedBytes"/>
/// bytes. The event being written is in SignalR's transport buffer (bounded apart: <see cref="RelayOptions.TransportBufferBytes"/>),
/// so the queue counts only those behind it.
/// </remarks>
public sealed partial class ConnectionOutbox(
    HubConnectionContext connection, int capacity, long maxQueuedBytes, GatewayMetrics metrics, ILogger<ConnectionOutbox> logger)
{
    private readonly Lock _gate = new();
    private readonly Queue<OutboundEvent> _queued = new();
    private long _queuedBytes;
    private bool _writing;
    private bool _closed;

    public string ConnectionId => connection.ConnectionId;

    public string? UserId => connection.UserIdentifier;

    /// <summary>False when the connection is gone or was too far behind and has been disconnected.</summary>
    public bool TryEnqueue(OutboundEvent item)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            if (_writing)
            {
                if (_queued.Count >= capacity || _queuedBytes + item.Bytes > maxQueuedBytes)
                {
                    CloseStalled(_queued.Count, _queuedBytes);
                    return false;
                }

                _queued.Enqueue(item);
                _queuedBytes += item.Bytes;
                return true;
            }

            _writing = true;
        }

        var write = connection.WriteAsync(item.Frame, connection.ConnectionAborted);
        if (!write.IsCompletedSuccessfully)
        {
            _ = PumpAsync(write, item);
            return true;
        }

        Delivered(item);
        lock (_gate)
        {
            if (_queued.Count == 0)
            {
                _writing = false;
                return true;
            }
        }

        // Events queued while this one was written: the pump takes over, in order.
        _ = PumpAsync(ValueTask.CompletedTask, null);
        return true;
    }

    public void Complete()
    {
        lock (_gate)
        {
            _closed = true;
            _queued.Clear();
            _queuedBytes = 0;
        }
    }

    private async Task PumpAsync(ValueTask pending, OutboundEvent? pendingItem)
    {
        try
        {
            await pending;
            if (pendingItem is { } written)
            {
                Delivered(written);
            }

            while (true)
            {
                OutboundEvent next;
                lock (_gate)
                {
                    if (_closed || !_queued.TryDequeue(out next))
                    {
                        _writing = false;
                        return;
                    }

                    _queuedBytes -= next.Bytes;
                }

                await connection.WriteAsync(next.Frame, connection.ConnectionAborted);
                Delivered(next);
            }
        }
        catch (Exception)
        {
            // The connection went away (or its transport failed): its remaining events have nowhere to go.
            Complete();
            connection.Abort();
        }
    }

    /// <summary>Called under the lock: drops the queue (its memory goes with it) and ends the connection.</summary>
    private void CloseStalled(int events, long bytes)
    {
        _closed = true;
        _queued.Clear();
        _queuedBytes = 0;
        connection.Abort();

        // SignalR's abort leaves the transport's pending send to the socket waiting for its send timeout (10 s); a
        // client that stopped reading never completes it, so the socket and its buffer go now.
        connection.GetHttpContext()?.Abort();
        metrics.StalledDisconnect();
        LogStalled(connection.ConnectionId, connection.UserIdentifier, events, bytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} of user {UserId} closed as stalled: it stopped reading with {Events} events ({Bytes} bytes) queued behind its transport buffer, over the bound; its queue is released")]
    private partial void LogStalled(string connectionId, string? userId, int events, long bytes);

    private void Delivered(OutboundEvent item) => metrics.Delivered(Stopwatch.GetElapsedTime(item.ReceivedAt));
}
