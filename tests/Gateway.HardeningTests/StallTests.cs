using System.Globalization;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>
/// A player that stops reading: what is queued for it (outbox and SignalR's transport buffer) is bounded by
/// Relay:ConnectionBufferBytes; past it the connection is closed, counted in stalled_disconnects, and logged with why.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class StallTests(HardeningFixture fixture)
{
    private const string StalledMetric = "gamestate_gateway_stalled_disconnects";

    [Fact]
    public async Task A_player_that_stops_reading_is_closed_by_the_byte_bound_counted_and_logged()
    {
        var logs = new CapturingLoggerProvider();
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Limits:UpdatesPerSecondPerConnection"] = "0",
            ["Relay:ConnectionBufferBytes"] = (256 * 1024).ToString(CultureInfo.InvariantCulture),
            ["Relay:TransportBufferBytes"] = (32 * 1024).ToString(CultureInfo.InvariantCulture),
        }, logs);
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);
        await using var healthy = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Player);
        await healthy.JoinAsync(session.SessionId);

        // A real socket with a small receive buffer that joins and then never reads again.
        await using var stalled = await HubSocket.ConnectAsync(gateway, await gateway.TokenAsync(SessionScenario.Player), receiveBufferBytes: 4096);
        await stalled.InvokeAsync(HubProtocol.Methods.Join, $"[\"{session.SessionId}\"]");
        var before = await StalledCountAsync(gateway);

        // 16 KiB updates until the stalled connection is dropped; bounded at 16 MiB in all.
        var padding = new string('p', 16 * 1024);
        var sent = 0;
        while (sent < 1024 && !logs.Lines.Any(line => line.Contains("closed as stalled", StringComparison.Ordinal)))
        {
            sent++;
            var response = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, sent, Ops.Set("pluginData.padding", padding + sent)));
            Assert.True(response.GetProperty("success").GetBoolean(), response.ToString());
        }

        var line = Assert.Single(logs.Lines, line => line.Contains("closed as stalled", StringComparison.Ordinal));
        Assert.Contains("over the bound", line, StringComparison.Ordinal);
        Assert.True(await WaitAsync(async () => await StalledCountAsync(gateway) > before), "stalled_disconnects did not count it");
        Assert.True(await healthy.WaitUntilAsync(c => c.Updated.Count == sent, TimeSpan.FromSeconds(30)));
        Assert.Equal(Enumerable.Range(2, sent).Select(v => (long)v), healthy.UpdatedVersions);

        // Dropped at about the bound, not after megabytes: the kernel's socket buffers aside, 256 KiB of 16 KiB events.
        Assert.True(sent < 200, $"{sent} updates of 16 KiB went out before the stalled connection was dropped");

        // Its socket goes at once, not after SignalR's send timeout: the server drops it without a close handshake
        // (which would reach the client only once its pending send completed, if it read again).
        Assert.False(await stalled.ReadToEndAsync(TimeSpan.FromSeconds(10)), "the server still waited for the stalled client's close handshake");
    }

    private static async Task<double> StalledCountAsync(GatewayServer gateway)
    {
        var scrape = await gateway.Http.GetStringAsync("/metrics");
        return scrape.Split('\n')
            .Where(line => line.StartsWith(StalledMetric, StringComparison.Ordinal))
            .Select(line => double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Sum();
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
