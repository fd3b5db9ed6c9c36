using System.Net.WebSockets;
using System.Text;

namespace Orleans.GameState.Testing;

/// <summary>
/// A raw SignalR-over-WebSocket client that joins a session and then stops reading, as a frozen browser
/// tab would: everything the server sends it piles up in socket buffers until the server gives up on it.
/// </summary>
public sealed class StalledHubSocket : IDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;

    private StalledHubSocket(ClientWebSocket socket) => _socket = socket;

    public static async Task<StalledHubSocket> JoinAsync(GatewayServer gateway, string token, string sessionId)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(gateway.Address) { Scheme = "ws", Path = "/hubs/game", Query = $"access_token={token}" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        var stalled = new StalledHubSocket(socket);
        await stalled.SendAsync("""{"protocol":"json","version":1}""");
        await stalled.ReadUntilAsync("{}");
        await stalled.SendAsync($$"""{"type":1,"invocationId":"1","target":"gameSession:join","arguments":["{{sessionId}}"]}""");
        await stalled.ReadUntilAsync("\"invocationId\":\"1\"");
        return stalled;
    }

    /// <summary>Reads whatever is buffered; true when the server closed the connection within the time.</summary>
    public async Task<(bool ClosedByServer, long Bytes)> DrainAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellation.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (true, bytes);
                }

                bytes += result.Count;
            }
        }
        catch (WebSocketException)
        {
            return (true, bytes);
        }
        catch (OperationCanceledException)
        {
            return (false, bytes);
        }
    }

    public void Dispose() => _socket.Dispose();

    private Task SendAsync(string message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task ReadUntilAsync(string marker)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var result = await _socket.ReceiveAsync(buffer, cancellation.Token);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }
}
