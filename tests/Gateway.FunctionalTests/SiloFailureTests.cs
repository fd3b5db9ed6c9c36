using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>A silo dies under connected clients: on a cluster of its own, since the test breaks it.</summary>
public sealed class SiloFailureTests
{
    [Fact]
    public async Task Clients_keep_receiving_every_version_in_order_after_the_sessions_silo_is_killed()
    {
        await using var cluster = await GameStateCluster.StartAsync("silokill", silos: 3);
        await using var gateway = await GatewayServer.StartAsync(cluster, new Dictionary<string, string?> { ["Relay:RenewInterval"] = "00:00:01" });
        var session = await SessionScenario.CreateAsync(cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Gm);
        await using var player = await RecordingHubClient.ConnectAsync(gateway, SessionScenario.Player);
        await gm.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);

        var version = 1L;
        for (var i = 0; i < 20; i++)
        {
            if (i == 8)
            {
                var host = (await session.Grain.DescribeAsync())!.HostSilo;
                await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.ToString() == host));
            }

            var update = Ops.Update(session.SessionId, version, Ops.Inc("characters.0.hp", 1));
            version = await SendUntilAcceptedAsync(gm, update);
        }

        Assert.Equal(21, version);
        Assert.True(await player.WaitUntilAsync(c => c.UpdatedVersions.LastOrDefault() == 21, TimeSpan.FromSeconds(30)),
            string.Join(",", player.UpdatedVersions));
        Assert.Equal(Enumerable.Range(2, 20).Select(v => (long)v), player.UpdatedVersions);
    }

    private static async Task<long> SendUntilAcceptedAsync(RecordingHubClient gm, StateUpdate update)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = await gm.InvokeAsync(HubProtocol.Methods.Update, update);
            if (response.GetProperty("success").GetBoolean())
            {
                return long.Parse(response.GetProperty("newVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }

            var code = response.GetProperty("error").GetProperty("code").GetString();
            Assert.True(code == ErrorCodes.TransactionFailed && DateTime.UtcNow < deadline, $"{code}: {response}");
            await Task.Delay(200);
        }
    }
}
