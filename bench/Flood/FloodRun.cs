using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Flood;

/// <summary>A GM updating one session at a steady rate, measured alone and while another user floods updates.</summary>
internal sealed class FloodRun(Uri url, int gatewayPid, string gmToken, string gmSession, string flooderToken, string flooderSession)
{
    public sealed record Result(string Name, int GmUpdates, double P50, double P99, double CpuShare, double CpuShareAfterFirstSecond, long FloodSent, int FloodClosed, int FloodRefused);

    public static async Task<FloodRun> PrepareAsync(Uri url, int gatewayPid)
    {
        using var http = new HttpClient { BaseAddress = url };
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var gmToken = await TokenAsync(http, $"flood-gm-{suffix}");
        var flooderToken = await TokenAsync(http, $"flooder-{suffix}");
        return new FloodRun(url, gatewayPid, gmToken, await SessionAsync(http, gmToken), flooderToken, await SessionAsync(http, flooderToken));
    }

    public async Task<Result> MeasureAsync(string name, TimeSpan length, int gmRate, bool flood)
    {
        await using var gm = new HubConnectionBuilder()
            .WithUrl(new Uri(url, HubProtocol.Path), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(gmToken);
            })
            .Build();
        await gm.StartAsync();
        var version = long.Parse((await gm.InvokeAsync<FullStateResponse>(HubProtocol.Methods.RequestFull, gmSession)).GameState!.Deserialize<JsonElement>().GetProperty("stateVersion").GetString()!, CultureInfo.InvariantCulture);

        using var stop = new CancellationTokenSource(length);
        var flooder = flood ? Task.Run(() => FloodAsync(stop.Token)) : Task.FromResult((0L, 0, 0));
        var started = Stopwatch.GetTimestamp();
        var cpuStart = ProcessCpu.Used(gatewayPid);
        TimeSpan? cpuAfterFirstSecond = null;
        var latencies = new List<double>();
        var interval = TimeSpan.FromSeconds(1.0 / gmRate);
        while (!stop.IsCancellationRequested)
        {
            if (cpuAfterFirstSecond is null && Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(1))
            {
                cpuAfterFirstSecond = ProcessCpu.Used(gatewayPid);
            }

            var sent = Stopwatch.GetTimestamp();
            var update = new
            {
                id = $"u-{Guid.NewGuid():N}", sessionId = gmSession, version = version.ToString(CultureInfo.InvariantCulture),
                operations = new[] { new { path = "pluginData.counter", operation = "set", value = (object)version } },
                timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), source = "gm",
            };
            var response = await gm.InvokeAsync<StateUpdateResponse>(HubProtocol.Methods.Update, update);
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            version = response.Success ? version + 1 : version;
            var wait = interval - Stopwatch.GetElapsedTime(sent);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = ProcessCpu.Used(gatewayPid) - cpuStart;
        var cpuAfter = ProcessCpu.Used(gatewayPid) - (cpuAfterFirstSecond ?? cpuStart);
        var (floodSent, closed, refused) = await flooder;
        latencies.Sort();
        return new Result(name, latencies.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            cpu / elapsed, cpuAfter / (elapsed - TimeSpan.FromSeconds(1)), floodSent, closed, refused);
    }

    /// <summary>
    /// A worst-case client: invocation frames as fast as the socket takes them, answers drained and ignored; when the
    /// server closes the connection it reconnects at once, again and again, until the phase ends.
    /// </summary>
    private async Task<(long Sent, int Closed, int Refused)> FloodAsync(CancellationToken stop)
    {
        long sent = 0;
        var closed = 0;
        var refused = 0;
        var frame = Encoding.UTF8.GetBytes(
            $$"""{"type":1,"target":"{{HubProtocol.Methods.Update}}","arguments":[{"id":"flood","sessionId":"{{flooderSession}}","version":"1","operations":[{"path":"pluginData.x","operation":"set","value":1}],"timestamp":1,"source":"gm"}]}""" + "\u001e");
        while (!stop.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(new UriBuilder(url) { Scheme = "ws", Path = HubProtocol.Path, Query = $"access_token={flooderToken}" }.Uri, stop);
                await socket.SendAsync(Encoding.UTF8.GetBytes("""{"protocol":"json","version":1}""" + "\u001e"), WebSocketMessageType.Text, true, stop);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException)
            {
                refused++;
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var drain = DrainAsync(socket, stop);
            try
            {
                while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, true, stop);
                    sent++;
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // Closed by the server (or the phase ended).
            }

            closed += stop.IsCancellationRequested ? 0 : 1;
            await drain;
        }

        return (sent, closed, refused);
    }

    private static async Task DrainAsync(ClientWebSocket socket, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, stop);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // Gone.
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<string> TokenAsync(HttpClient http, string userId)
    {
        using var response = await http.PostAsJsonAsync("/api/dev/token", new { userId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static async Task<string> SessionAsync(HttpClient http, string token)
    {
        using var campaign = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = JsonContent.Create(new { name = "Flood" }) };
        campaign.Headers.Authorization = new("Bearer", token);
        using var created = await http.SendAsync(campaign);
        created.EnsureSuccessStatusCode();
        var campaignId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var session = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{campaignId}/sessions");
        session.Headers.Authorization = new("Bearer", token);
        using var sessionCreated = await http.SendAsync(session);
        sessionCreated.EnsureSuccessStatusCode();
        return (await sessionCreated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
    }
}
