using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>A connection that keeps sending updates past its rate is closed with a reason, and its user cooled off.</summary>
[Collection(HardeningCollection.Name)]
public sealed class FloodTests(HardeningFixture fixture)
{
    [Fact]
    public async Task A_flooding_connection_is_closed_with_a_reason_and_its_user_refused_for_the_cool_off()
    {
        var logs = new CapturingLoggerProvider();
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Limits:UpdatesPerSecondPerConnection"] = "5",
            ["Flood:CoolOff"] = "00:00:03",
        }, logs);
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var bystander = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Player);
        await using var hub = await HubSocket.ConnectAsync(gateway, await gateway.TokenAsync(SessionScenario.Gm));

        // Far past 5 per second, without waiting for answers: 5 are accepted, 5 more refused, then the connection closes.
        var sessionJson = JsonSerializer.Serialize(session.SessionId);
        var sent = 0;
        for (; sent < 200 && hub.IsOpen; sent++)
        {
            try
            {
                await hub.SendInvocationAsync(HubProtocol.Methods.Update, $"[{IdRuleTests.UpdateJson(sessionJson, $"\"flood-{sent}\"", "\"1\"")}]");
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                break;
            }
        }

        var close = await hub.ReadCloseMessageAsync(TimeSpan.FromSeconds(15));
        Assert.True(close.HasValue, $"no close message after {sent} updates");
        Assert.StartsWith("RATE_LIMITED", close.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(logs.Lines, line => line.Contains("closed for flooding", StringComparison.Ordinal));

        // Its user is refused the hub for the cool-off, with the error body; another user is not.
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"{HubProtocol.Path}/negotiate?negotiateVersion=1");
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.TokenAsync(SessionScenario.Gm));
        using var refused = await gateway.Http.SendAsync(negotiate);
        await Expect.ErrorAsync(refused, HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        Assert.NotNull(refused.Headers.RetryAfter);
        await using (var other = await HubSocket.ConnectAsync(gateway, await gateway.TokenAsync(SessionScenario.Player)))
        {
            Assert.Equal(3, HubSocket.Type(await other.InvokeAsync(HubProtocol.Methods.RequestFull, "[\"s-none\"]")));
        }

        Assert.Equal("Connected", bystander.Connection.State.ToString());

        // After the cool-off the user connects again.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await using var again = await HubSocket.ConnectAsync(gateway, await gateway.TokenAsync(SessionScenario.Gm));
        var state = await again.InvokeAsync(HubProtocol.Methods.RequestFull, $"[{sessionJson}]");
        Assert.True(state.GetProperty("result").GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task A_client_briefly_over_its_rate_is_only_answered_rate_limited()
    {
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Limits:UpdatesPerSecondPerConnection"] = "3",
            ["Flood:RefusalsPerSecondBeforeClose"] = "10",
        });
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var hub = await HubSocket.ConnectAsync(gateway, await gateway.TokenAsync(SessionScenario.Gm));
        var sessionJson = JsonSerializer.Serialize(session.SessionId);

        var codes = new List<string>();
        var version = 1;
        for (var i = 0; i < 10; i++)
        {
            var answer = await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{IdRuleTests.UpdateJson(sessionJson, $"\"burst-{i}\"", $"\"{version}\"")}]");
            var result = answer.GetProperty("result");
            var ok = result.GetProperty("success").GetBoolean();
            version += ok ? 1 : 0;
            codes.Add(ok ? "ok" : result.GetProperty("error").GetProperty("code").GetString()!);
        }

        // At most 10 refusals within a second: never closed, only told to slow down.
        Assert.All(codes, code => Assert.Contains(code, new[] { "ok", ErrorCodes.RateLimited }));
        Assert.Contains(ErrorCodes.RateLimited, codes);
        Assert.True(hub.IsOpen);
        Assert.Equal(version, await session.VersionAsync());
    }
}
