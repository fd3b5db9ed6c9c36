using System.Net;
using System.Net.Sockets;
using Orleans.GameState.Client.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.GameState.Testing;
using Xunit.Abstractions;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>The gateway process goes away and comes back on the same address: SignalR's own reconnection path.</summary>
[Collection(ClientCollection.Name)]
public sealed class GatewayRestartTests(ClientFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Clients_survive_a_gateway_restart_updates_queued_meanwhile_are_sent_once_and_players_catch_up()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        var port = FreePort();
        var settings = new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{port}" };
        // A short shutdown timeout: with clients connected, a graceful stop of the gateway otherwise waits out the
        // default 30 s; an abrupt stop is what this test is about anyway.
        static void Abrupt(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var gateway = await GatewayServer.StartAsync(fixture.Cluster, settings, Abrupt);
        try
        {
            Assert.Equal(port, gateway.Address.Port);
            await using var gm = new GameSessionClient(gateway.Address, () => fixture.Gateway.TokenAsync(session.Gm), ClientFixture.Options());
            await using var player = new GameSessionClient(gateway.Address, () => fixture.Gateway.TokenAsync(session.Players[0]), ClientFixture.Options());
            await gm.JoinAsync(session.SessionId);
            await player.JoinAsync(session.SessionId);
            var playerChanges = new ChangeLog(player);
            (await gm.UpdateAsync(StateOps.Push("pluginData.log", 0))).EnsureSuccess();

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await gateway.DisposeAsync();
            output.WriteLine($"stopped {clock.Elapsed}");
            await Expect.EventuallyAsync(() => gm.Status == GameSessionStatus.Reconnecting, "the GM notices the gateway is gone");
            var queued = Enumerable.Range(1, 5).Select(i => gm.UpdateAsync(StateOps.Push("pluginData.log", i))).ToArray();
            await Task.Delay(300);
            Assert.All(queued, t => Assert.False(t.IsCompleted));
            gateway = await GatewayServer.StartAsync(fixture.Cluster, settings, Abrupt);
            output.WriteLine($"started {clock.Elapsed}");

            var responses = await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(["3", "4", "5", "6", "7"], responses.Select(r => r.EnsureSuccess().NewVersion));
            output.WriteLine($"answered {clock.Elapsed}");
            await Expect.EventuallyAsync(() => player.Version == 7 && player.Status == GameSessionStatus.Synced, "the player catches up to version 7");
            var server = await session.ServerStateAsync();
            Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L], server["pluginData"]!["log"]!.AsArray().Select(Expect.Number));
            Expect.SameState(server, gm);
            Expect.SameState(server, player);
            Assert.Equal([2L, 3L, 4L, 5L, 6L, 7L], playerChanges.UpdatedVersions);
            playerChanges.AssertEachVersionOnce();
            Assert.True(gm.Statistics.Reconnects >= 1);
            Assert.True(player.Statistics.Reconnects >= 1);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
