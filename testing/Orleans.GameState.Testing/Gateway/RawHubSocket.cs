using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Testing;

/// <summary>
/// SignalR's JSON protocol spoken by hand over a WebSocket: invocations are sent as the exact text a test writes, so
/// it can send what no SignalR client library would (escapes of lone surrogates, say), or stop reading altogether.
/// </summary>
public sealed class RawHubSocket : IDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _received = new();
    private int _nextInvocation;

    private RawHubSocket(ClientWebSocket socket) => _socket = socket;

    public static async Task<RawHubSocket> ConnectAsync(GatewayServer gateway, string token)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(gateway.Address) { Scheme = "ws", Path = HubProtocol.Path, Query = $"access_token={token}" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        var hub = new RawHubSocket(socket);
        await hub.SendAsync("""{"protocol":"json","version":1}""");
        await hub.ReadMessageAsync(_ => true);
        return hub;
    }

    /// <summary>Invokes <paramref name="target"/> with <paramref name="argumentsJson"/> (the JSON array, as text) and answers its result.</summary>
    public async Task<JsonElement> InvokeAsync(string target, string argumentsJson)
    {
        var id = (++_nextInvocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync($$"""{"type":1,"invocationId":"{{id}}","target":"{{target}}","arguments":{{argumentsJson}}}""");
        var completion = await ReadMessageAsync(m => m.GetProperty("type").GetInt32() == 3 && m.GetProperty("invocationId").GetString() == id);
        return completion.TryGetProperty("result", out var result)
            ? result.Clone()
            : throw new InvalidOperationException($"Invocation {target} failed: {completion}");
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

    /// <summary>The next message that <paramref name="wanted"/> accepts; the ones before it (events, pings) are skipped.</summary>
    private async Task<JsonElement> ReadMessageAsync(Func<JsonElement, bool> wanted)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = _received.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _received.Remove(0, end + 1);
                using var message = JsonDocument.Parse(text[..end]);
                if (wanted(message.RootElement))
                {
                    return message.RootElement.Clone();
                }

                continue;
            }

            var result = await _socket.ReceiveAsync(buffer, cancellation.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("The server closed the connection.");
            }

            _received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }
}
