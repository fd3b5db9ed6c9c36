using System.Diagnostics;
using Orleans.GameState.Contract;
using Orleans.GameState.Sessions;
using Xunit.Abstractions;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>
/// Presence (docs/presence.md) with real SignalR clients on two gateways of one cluster: the join's answer, and
/// <c>gameSession:presence</c> events after joins, leaves and disconnections, within the contract's 2 s.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PresenceTests(GatewayFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ContractDelay = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Presence_spans_gateways_and_follows_joins_leaves_and_disconnections()
    {
        var (sessionId, gmId, p1, p2) = await CreateSessionAsync();
        await using var gm = await RecordingHubClient.ConnectAsync(fixture.Gateway, gmId);
        await using var player1 = await RecordingHubClient.ConnectAsync(fixture.SecondGateway, p1);
        await using var player2 = await RecordingHubClient.ConnectAsync(fixture.SecondGateway, p2);
        var player1Again = await RecordingHubClient.ConnectAsync(fixture.Gateway, p1);
        try
        {
            var gmJoin = await gm.JoinAsync(sessionId);
            Assert.Equal([(gmId, true)], PresenceOf(gmJoin));

            // A join on the other gateway: in its answer and, at once, at the GM's connection.
            var player1Join = await player1.JoinAsync(sessionId);
            Assert.Equal([(gmId, true), (p1, false)], PresenceOf(player1Join));
            await ExpectPresenceAsync(gm, [gmId, p1], "the GM sees player 1 join through the other gateway");
            var gmEvent = gm.Presence.Last();
            Assert.Equal(sessionId, gmEvent.GetProperty("sessionId").GetString());
            Assert.Equal([(gmId, true), (p1, false)], Users(gmEvent));

            // Player 1's second connection (on the GM's gateway) changes no user set; its first one leaving does not
            // make player 1 vanish, since the second is still joined.
            Assert.Equal([(gmId, true), (p1, false)], PresenceOf(await player1Again.JoinAsync(sessionId)));
            var leave = await player1.InvokeAsync(HubProtocol.Methods.Leave, sessionId);
            Assert.True(leave.GetProperty("success").GetBoolean());
            var heardBeforeLeaving = player1.Presence.Count;
            Assert.Equal([(gmId, true), (p1, false), (p2, false)], PresenceOf(await player2.JoinAsync(sessionId)));
            await ExpectPresenceAsync(gm, [gmId, p1, p2], "the GM sees player 2 join");
            Assert.All(gm.Presence.Skip(1), e => Assert.Contains(p1, Users(e).Select(u => u.UserId)));

            // A disconnection: player 1's last connection goes; both other users see it.
            await player1Again.DisposeAsync();
            await ExpectPresenceAsync(gm, [gmId, p2], "the GM sees player 1 disconnect");
            await ExpectPresenceAsync(player2, [gmId, p2], "player 2 sees player 1 disconnect");

            // A leave.
            await player2.InvokeAsync(HubProtocol.Methods.Leave, sessionId);
            await ExpectPresenceAsync(gm, [gmId], "the GM sees player 2 leave");
            Assert.Equal(heardBeforeLeaving, player1.Presence.Count); // a connection that left hears no more of the session
        }
        finally
        {
            await player1Again.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_killed_gateways_users_vanish_within_30_seconds()
    {
        var (sessionId, gmId, p1, _) = await CreateSessionAsync();
        await using var doomed = await GatewayProcess.StartAsync(fixture.Cluster);
        await using var gm = await RecordingHubClient.ConnectAsync(fixture.Gateway, gmId);
        await using var player = await RecordingHubClient.ConnectAsync(doomed.Address, fixture.Gateway, p1);
        await gm.JoinAsync(sessionId);
        Assert.Equal([(gmId, true), (p1, false)], PresenceOf(await player.JoinAsync(sessionId)));
        await ExpectPresenceAsync(gm, [gmId, p1], "the GM sees the player join through the doomed gateway");

        await doomed.KillAsync();
        var clock = Stopwatch.StartNew();
        Assert.True(
            await gm.WaitUntilAsync(c => c.LastPresenceUsers?.SequenceEqual([gmId]) == true, TimeSpan.FromSeconds(30)),
            $"the player of the killed gateway is still present after {clock.Elapsed}");
        output.WriteLine($"the killed gateway's player vanished after {clock.Elapsed}");
    }

    private async Task<(string SessionId, string Gm, string Player1, string Player2)> CreateSessionAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (sessionId, gm, p1, p2) = ($"s-{Guid.NewGuid():N}", $"gm-{tag}", $"p1-{tag}", $"p2-{tag}");
        await fixture.Cluster.Client.GetGrain<IGameSessionGrain>(sessionId).CreateAsync(new CreateSessionCommand("c-presence", gm, [p1, p2], Ops.InitialState));
        return (sessionId, gm, p1, p2);
    }

    private async Task ExpectPresenceAsync(RecordingHubClient client, string[] userIds, string what)
    {
        var expected = userIds.Order(StringComparer.Ordinal).ToArray();
        var clock = Stopwatch.StartNew();
        var arrived = await client.WaitUntilAsync(c => c.LastPresenceUsers?.SequenceEqual(expected) == true, ContractDelay);
        output.WriteLine($"{what}: {(arrived ? "after" : "NOT within")} {clock.Elapsed}");
        Assert.True(arrived, $"{what}: expected [{string.Join(",", expected)}], last event [{string.Join(",", client.LastPresenceUsers ?? [])}]");
    }

    private static List<(string UserId, bool IsGm)> PresenceOf(JsonElement joinAnswer)
    {
        Assert.True(joinAnswer.GetProperty("success").GetBoolean(), joinAnswer.ToString());
        return Sorted(joinAnswer.GetProperty("presence"));
    }

    private static List<(string UserId, bool IsGm)> Users(JsonElement presenceEvent) => Sorted(presenceEvent.GetProperty("users"));

    private static List<(string UserId, bool IsGm)> Sorted(JsonElement users) =>
        [.. users.EnumerateArray()
            .Select(u => (u.GetProperty("userId").GetString()!, u.GetProperty("isGM").GetBoolean()))
            .OrderBy(u => u.Item1, StringComparer.Ordinal)];
}
