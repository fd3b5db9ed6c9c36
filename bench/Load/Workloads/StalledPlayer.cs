using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// A member on a real SignalR connection (WebSockets, JSON protocol, spoken by hand on a <see cref="ClientWebSocket"/>)
/// that joins its session and then never reads its socket again, as a frozen browser tab would: the server's writes
/// fill the socket's buffers and then the gateway's. Its TCP ports let the kernel's table show what happens to it
/// without reading.
/// </summary>
public sealed class StalledPlayer : IDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;

    private StalledPlayer(ClientWebSocket socket, HttpMessageInvoker invoker, int localPort, int serverPort, long stalledAt)
    {
        _socket = socket;
        _invoker = invoker;
        LocalPort = localPort;
        ServerPort = serverPort;
        StalledAt = stalledAt;
    }

    public int LocalPort { get; }

    public int ServerPort { get; }

    /// <summary>When it stopped reading: the join's answer had arrived (a <see cref="Stopwatch"/> timestamp).</summary>
    public long StalledAt { get; }

    public static async Task<StalledPlayer> JoinAsync(Uri gateway, string token, string sessionId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(JoinTimeout);
        Socket? tcp = null;
        var handler = new SocketsHttpHandler
        {
            // Keeps the TCP socket, for its local port.
            ConnectCallback = async (connect, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(connect.DnsEndPoint, token);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                tcp = socket;
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        try
        {
            var uri = new UriBuilder(new Uri(gateway, HubProtocol.Path))
            {
                Scheme = gateway.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
                Query = "access_token=" + Uri.EscapeDataString(token),
            }.Uri;
            await socket.ConnectAsync(uri, invoker, timeout.Token);
            await SendAsync(socket, """{"protocol":"json","version":1}""", timeout.Token);
            var pending = new List<byte>();
            var handshake = await ReceiveRecordAsync(socket, pending, timeout.Token);
            if (handshake.Contains("\"error\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"SignalR handshake refused: {handshake}");
            }

            await SendAsync(socket, JsonSerializer.Serialize(new { type = 1, invocationId = "1", target = HubProtocol.Methods.Join, arguments = new[] { sessionId } }), timeout.Token);
            while (true)
            {
                // Other messages (presence) may come first; the loop ends with the answer or the timeout.
                using var message = JsonDocument.Parse(await ReceiveRecordAsync(socket, pending, timeout.Token));
                var root = message.RootElement;
                if (root.GetProperty("type").GetInt32() != 3 || root.GetProperty("invocationId").GetString() != "1")
                {
                    continue;
                }

                if (!root.TryGetProperty("result", out var result) || !result.GetProperty("success").GetBoolean())
                {
                    throw new InvalidOperationException($"join failed: {root}");
                }

                break;
            }

            var connected = tcp ?? throw new InvalidOperationException("the connection's TCP socket is unknown");
            var local = (IPEndPoint)connected.LocalEndPoint!;
            var remote = (IPEndPoint)connected.RemoteEndPoint!;
            return new StalledPlayer(socket, invoker, local.Port, remote.Port, Stopwatch.GetTimestamp());
        }
        catch
        {
            socket.Dispose();
            invoker.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads again, for at most <paramref name="limit"/>: what the server had queued, then how the connection ends
    /// (a close frame, an error, or still open at the limit).
    /// </summary>
    public async Task<(long Bytes, string Outcome)> DrainAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, timeout.Token);
                bytes += received.Count;
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return (bytes, $"close frame from the server ({_socket.CloseStatus} {_socket.CloseStatusDescription})".TrimEnd());
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (bytes, $"still open after {limit.TotalSeconds:F0} s of reading (socket state {_socket.State})");
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            return (bytes, $"receive error: {e.GetType().Name}: {e.Message} (socket state {_socket.State})");
        }
    }

    public void Dispose()
    {
        _socket.Abort();
        _socket.Dispose();
        _invoker.Dispose();
    }

    private static Task SendAsync(ClientWebSocket socket, string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>
    /// The next record of the JSON hub protocol. Records end with the byte 0x1E, which no UTF-8 sequence contains, and
    /// a WebSocket message may hold several records or part of one.
    /// </summary>
    private static async Task<string> ReceiveRecordAsync(ClientWebSocket socket, List<byte> pending, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var end = pending.IndexOf((byte)RecordSeparator);
            if (end >= 0)
            {
                var record = Encoding.UTF8.GetString([.. pending.GetRange(0, end)]);
                pending.RemoveRange(0, end + 1);
                return record;
            }

            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"the server closed the connection while joining ({socket.CloseStatus} {socket.CloseStatusDescription})");
            }

            pending.AddRange(buffer.AsSpan(0, received.Count));
        }
    }
}
