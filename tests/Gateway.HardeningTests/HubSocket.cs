using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>
/// SignalR's JSON hub protocol by hand over a real WebSocket: sends any text (or bytes) as a frame, reads messages one
/// by one, and sees the server's close message. Optionally with a tiny socket receive buffer, for a client that stops
/// reading and should back the server up quickly.
/// </summary>
public sealed class HubSocket : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private readonly ClientWebSocket _socket;
    private readonly List<byte> _received = [];
    private int _nextInvocation;

    private HubSocket(ClientWebSocket socket) => _socket = socket;

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public static async Task<HubSocket> ConnectAsync(GatewayServer gateway, string token, int? receiveBufferBytes = null)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(gateway.Address) { Scheme = "ws", Path = HubProtocol.Path, Query = $"access_token={token}" }.Uri;
        if (receiveBufferBytes is { } size)
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellation) =>
                {
                    var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = size, NoDelay = true };
                    await tcp.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(tcp, ownsSocket: true);
                },
            };
            await socket.ConnectAsync(uri, new HttpMessageInvoker(handler, disposeHandler: false), CancellationToken.None);
        }
        else
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
        }

        var hub = new HubSocket(socket);
        await hub.SendTextAsync("""{"protocol":"json","version":1}""");
        var handshake = await hub.ReadMessageAsync(TimeSpan.FromSeconds(10));
        if (handshake is null || handshake.Value.TryGetProperty("error", out _))
        {
            throw new InvalidOperationException($"Handshake refused: {handshake}");
        }

        return hub;
    }

    /// <summary>Sends <paramref name="text"/> as one hub message (the record separator is added).</summary>
    public Task SendTextAsync(string text) => SendBytesAsync([.. Encoding.UTF8.GetBytes(text), RecordSeparator]);

    /// <summary>Sends raw bytes as one text frame, exactly as given.</summary>
    public Task SendBytesAsync(byte[] bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Sends an invocation of <paramref name="target"/> with the JSON array <paramref name="argumentsJson"/>; answers its id.</summary>
    public async Task<string> SendInvocationAsync(string target, string argumentsJson)
    {
        var id = (++_nextInvocation).ToString(CultureInfo.InvariantCulture);
        await SendTextAsync($$"""{"type":1,"invocationId":"{{id}}","target":{{JsonSerializer.Serialize(target)}},"arguments":{{argumentsJson}}}""");
        return id;
    }

    /// <summary>Invokes and answers the completion message (type 3), or the close message (type 7) if the server closed instead.</summary>
    public async Task<JsonElement> InvokeAsync(string target, string argumentsJson, TimeSpan? timeout = null)
    {
        var id = await SendInvocationAsync(target, argumentsJson);
        return await ReadUntilAsync(m => (Type(m) == 3 && m.GetProperty("invocationId").GetString() == id) || Type(m) == 7, timeout ?? TimeSpan.FromSeconds(20))
            ?? throw new InvalidOperationException($"No answer to {target} {argumentsJson}; the socket is {_socket.State}.");
    }

    /// <summary>The server's close message (type 7) if it sends one within <paramref name="timeout"/>, skipping other messages.</summary>
    public Task<JsonElement?> ReadCloseMessageAsync(TimeSpan timeout) => ReadUntilAsync(m => Type(m) == 7, timeout);

    /// <summary>The next message accepted by <paramref name="wanted"/>; null when the socket closed or the time ran out.</summary>
    public async Task<JsonElement?> ReadUntilAsync(Func<JsonElement, bool> wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            var message = await ReadMessageAsync(left);
            if (message is null || wanted(message.Value))
            {
                return message;
            }
        }
    }

    public static int Type(JsonElement message) => message.GetProperty("type").GetInt32();

    /// <summary>
    /// Reads whatever is left until the socket ends: true when the server completed the WebSocket close handshake
    /// (its close frame arrived), false when it dropped the socket without one; null when it was still open at the timeout.
    /// </summary>
    public async Task<bool?> ReadToEndAsync(TimeSpan timeout)
    {
        var buffer = new byte[64 * 1024];
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellation.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return true;
                }
            }
        }
        catch (WebSocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone: nothing to close.
        }

        _socket.Dispose();
    }

    private async Task<JsonElement?> ReadMessageAsync(TimeSpan timeout)
    {
        var buffer = new byte[64 * 1024];
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var end = _received.IndexOf(RecordSeparator);
            if (end >= 0)
            {
                var text = Encoding.UTF8.GetString(_received.GetRange(0, end).ToArray());
                _received.RemoveRange(0, end + 1);
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }

            try
            {
                var result = await _socket.ReceiveAsync(buffer, cancellation.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                _received.AddRange(buffer.AsSpan(0, result.Count).ToArray());
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                return null;
            }
        }
    }
}
