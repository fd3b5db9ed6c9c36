using System.Net.Http.Headers;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>Limits and protections, each on a gateway of its own configured for the case.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LimitTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Updates_beyond_the_per_connection_rate_are_rate_limited_and_change_nothing()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster, new Dictionary<string, string?> { ["Limits:UpdatesPerSecondPerConnection"] = "5" });
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);

        var codes = new List<string?>();
        for (var i = 0; i < 15; i++)
        {
            var version = await session.VersionAsync();
            var response = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, version, Ops.Inc("characters.0.hp", 1)));
            codes.Add(response.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null);
        }

        var accepted = codes.Count(c => c is null);
        Assert.Contains(ErrorCodes.RateLimited, codes);
        Assert.InRange(accepted, 5, 10);
        Assert.Equal(1 + accepted, await session.VersionAsync());
    }

    [Fact]
    public async Task A_rate_limited_update_is_reported_to_the_gms_connections_joined_on_this_gateway()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster, new Dictionary<string, string?> { ["Limits:UpdatesPerSecondPerConnection"] = "1" });
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var sender = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);
        await using var gmElsewhere = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);
        await using var gmNotJoined = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);
        await using var player = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Player);
        await sender.JoinAsync(session.SessionId);
        await gmElsewhere.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);

        var limited = new List<string>();
        var version = 1L;
        for (var i = 0; i < 6; i++)
        {
            var update = Ops.Update(session.SessionId, version, Ops.Inc("characters.0.hp", 1));
            var response = await sender.InvokeAsync(HubProtocol.Methods.Update, update);
            if (response.GetProperty("success").GetBoolean())
            {
                version++;
            }
            else
            {
                Assert.Equal(ErrorCodes.RateLimited, response.GetProperty("error").GetProperty("code").GetString());
                limited.Add(update.Id!);
            }
        }

        Assert.NotEmpty(limited);
        foreach (var gm in new[] { sender, gmElsewhere })
        {
            Assert.True(await gm.WaitUntilAsync(c => c.Errors.Count >= limited.Count), $"{gm.Errors.Count} of {limited.Count} errors");
            Assert.Equal(limited, gm.Errors.Select(e => e.GetProperty("updateId").GetString()));
            Assert.All(gm.Errors, e => Assert.Equal(
                (session.SessionId, ErrorCodes.RateLimited),
                (e.GetProperty("sessionId").GetString(), e.GetProperty("error").GetProperty("code").GetString())));
        }

        await Task.Delay(200);
        Assert.Empty(player.Errors);
        Assert.Empty(gmNotJoined.Errors);
    }

    [Fact]
    public async Task Too_many_operations_is_a_validation_error()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster);
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);
        var operations = Enumerable.Range(0, 1001).Select(i => Ops.Set($"pluginData.k{i}", i)).ToArray();

        var response = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 1, operations));

        Assert.Equal(ErrorCodes.ValidationError, response.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, await session.VersionAsync());
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_that_connection_and_the_gateway_stays_up()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster, new Dictionary<string, string?> { ["Limits:MaxMessageBytes"] = "65536" });
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);
        var closed = new TaskCompletionSource();
        gm.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        var huge = new string('x', 100_000);
        await Assert.ThrowsAnyAsync<Exception>(() => gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 1, Ops.Set("pluginData.big", huge))));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var again = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);
        var response = await again.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 1, Ops.Set("pluginData.small", "ok")));
        Assert.Equal("2", response.GetProperty("newVersion").GetString());
    }

    [Fact]
    public async Task Tokens_in_query_strings_never_reach_the_logs()
    {
        var logs = new CapturingLoggerProvider();
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster, configure: builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        });
        var token = await gateway.TokenAsync(SessionScenario.Player);
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);

        await using (var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.Address, $"{HubProtocol.Path}?access_token={token}"), Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling)
            .Build())
        {
            await connection.StartAsync();
            await connection.InvokeAsync<JsonElement>(HubProtocol.Methods.Join, session.SessionId);
        }

        using var rest = await gateway.Http.GetAsync($"/api/sessions/{session.SessionId}/state?access_token={token}");

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(token[^20..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stalled_client_does_not_delay_the_others_and_is_disconnected()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster, new Dictionary<string, string?>
        {
            ["Relay:ConnectionBufferSize"] = "8",
            ["Limits:UpdatesPerSecondPerConnection"] = "0",
        });
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);
        await using var healthy = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Player);
        await healthy.JoinAsync(session.SessionId);

        // A real WebSocket client that joins and then never reads again: the server's writes to it back up.
        using var stalled = await RawHubSocket.ConnectAsync(gateway, await gateway.TokenAsync(SessionScenario.Player));
        await stalled.InvokeAsync(HubProtocol.Methods.Join, $"[\"{session.SessionId}\"]");

        // Enough bytes to fill the kernel's socket buffers and the transport pipes, so backpressure reaches the outbox.
        var padding = new string('p', 64 * 1024);
        const int updates = 400;
        for (var version = 1; version <= updates; version++)
        {
            var response = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, version, Ops.Set("pluginData.padding", padding + version)));
            Assert.True(response.GetProperty("success").GetBoolean());
        }

        Assert.True(await healthy.WaitUntilAsync(c => c.Updated.Count == updates, TimeSpan.FromSeconds(30)));
        Assert.Equal(Enumerable.Range(2, updates).Select(v => (long)v), healthy.UpdatedVersions);
        var (closedByServer, receivedBytes) = await stalled.DrainAsync(TimeSpan.FromSeconds(30));
        Assert.True(closedByServer, $"the stalled connection was not closed (it read {receivedBytes} bytes)");
        Assert.True(receivedBytes < updates * padding.Length, $"the stalled connection got everything ({receivedBytes} bytes)");
    }
}
