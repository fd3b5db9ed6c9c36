using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;

using static Orleans.GameState.Gateway.FunctionalTests.HttpAnswers;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>State at a version and gameState:revert (docs/history-and-admin.md), through the real gateway, hub and cluster.</summary>
[Collection(GatewayCollection.Name)]
public sealed class HistoryTests(GatewayFixture fixture)
{
    private GatewayServer Gateway => fixture.Gateway;

    [Fact]
    public async Task A_revert_after_a_random_run_restores_the_state_of_to_version_and_is_broadcast_with_reverted_to()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        var states = await RandomRunAsync(session, seed: 1234, updates: 16);
        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await using var player = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Player);
        await gm.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);

        var response = await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "revert-random", 17, 9));

        Assert.Equal("18", response.GetProperty("newVersion").GetString());
        AssertSameValues(states[9], await session.StateAsync());
        Assert.True(await player.WaitUntilAsync(c => !c.Updated.IsEmpty));
        var broadcast = Assert.Single(player.Updated);
        Assert.Equal(("9", "gm", "17", "18"), (broadcast.GetProperty("revertedTo").GetString(), broadcast.GetProperty("source").GetString(),
            broadcast.GetProperty("previousVersion").GetString(), broadcast.GetProperty("newVersion").GetString()));

        // The broadcast's operations, applied to the player's copy of version 17, give version 9's values.
        var replica = Engine.GameStateDocument.Parse(states[17].ToJsonString());
        var operations = broadcast.GetProperty("operations").Deserialize<List<StateOperation>>(ContractJson.Options)!;
        Assert.True(replica.Apply(operations, 0, allowEmpty: true).Success);
        AssertSameValues(states[9], JsonNode.Parse(replica.ToJsonString())!);

        // The log keeps the same copy, revertedTo included.
        var since = await player.InvokeAsync(HubProtocol.Methods.RequestSince, session.SessionId, "17");
        Assert.Equal("9", Assert.Single(since.GetProperty("updates").EnumerateArray()).GetProperty("revertedTo").GetString());
    }

    [Fact]
    public async Task A_player_gets_the_revert_and_past_states_as_their_view_without_what_is_hidden_from_them()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await session.ApplyAsync(Ops.Push("characters", new { id = "spy", visibility = "gm", hp = 5 }), Ops.Set("pluginData.gmOnly", "secret plan"));
        await session.ApplyAsync(Ops.Set("characters.0.hp", 3));
        await session.ApplyAsync(Ops.Pull("characters", new { id = "spy" }), Ops.Unset("pluginData.gmOnly"));
        using var playerHttp = await Gateway.HttpAsAsync(SessionScenario.Player);
        var playerAt4 = await ReadAsync(await playerHttp.GetAsync($"/api/sessions/{session.SessionId}/state?at=4"), HttpStatusCode.OK);
        var playerAt2 = await ReadAsync(await playerHttp.GetAsync($"/api/sessions/{session.SessionId}/state?at=2"), HttpStatusCode.OK);
        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await using var player = await RecordingHubClient.ConnectAsync(fixture.SecondGateway, SessionScenario.Player);
        await player.JoinAsync(session.SessionId);

        var response = await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "revert-hidden", 4, 2));

        Assert.Equal("5", response.GetProperty("newVersion").GetString());
        var gmState = await session.StateAsync();
        Assert.Equal("spy", gmState.GetProperty("characters")[1].GetProperty("id").GetString());
        Assert.DoesNotContain("spy", playerAt2.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", playerAt2.GetRawText(), StringComparison.Ordinal);
        Assert.True(await player.WaitUntilAsync(c => !c.Updated.IsEmpty));
        var broadcast = Assert.Single(player.Updated);
        Assert.Equal("2", broadcast.GetProperty("revertedTo").GetString());
        Assert.DoesNotContain("spy", broadcast.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", broadcast.GetRawText(), StringComparison.Ordinal);

        // The player's operations take the player's view of version 4 to the player's view of version 5.
        var replica = Engine.GameStateDocument.Parse(playerAt4.GetProperty("gameState").GetRawText());
        var operations = broadcast.GetProperty("operations").Deserialize<List<StateOperation>>(ContractJson.Options)!;
        Assert.True(replica.Apply(operations, 0, allowEmpty: true).Success);
        var playerNow = await ReadAsync(await playerHttp.GetAsync($"/api/sessions/{session.SessionId}/state"), HttpStatusCode.OK);
        AssertSameValues(JsonNode.Parse(playerNow.GetProperty("gameState").GetRawText())!, JsonNode.Parse(replica.ToJsonString())!);
        Assert.Equal(10, playerNow.GetProperty("gameState").GetProperty("characters")[0].GetProperty("hp").GetInt32());
    }

    [Fact]
    public async Task Reverting_a_revert_goes_forward_again_and_a_resent_revert_is_answered_once()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        var states = await RandomRunAsync(session, seed: 77, updates: 8);
        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await gm.JoinAsync(session.SessionId);

        var back = await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "back", 9, 3));
        var resent = await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "back", 9, 3));
        AssertSameValues(states[3], await session.StateAsync());
        var forward = await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "forward", 10, 9));
        var resentLater = await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "back", 9, 3));

        Assert.Equal(("10", "10", "11", "10"), (back.GetProperty("newVersion").GetString(), resent.GetProperty("newVersion").GetString(),
            forward.GetProperty("newVersion").GetString(), resentLater.GetProperty("newVersion").GetString()));
        AssertSameValues(states[9], await session.StateAsync());
        Assert.Equal(11, await session.VersionAsync());
        Assert.True(await gm.WaitUntilAsync(c => c.Updated.Count >= 2));
        await Task.Delay(200);
        Assert.Equal([10L, 11L], gm.UpdatedVersions);
    }

    [Fact]
    public async Task A_revert_racing_an_update_at_the_same_version_loses_or_wins_by_version()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await RandomRunAsync(session, seed: 5, updates: 4);
        await using var first = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await using var second = await RecordingHubClient.ConnectAsync(fixture.SecondGateway, SessionScenario.Gm);

        for (var round = 0; round < 5; round++)
        {
            var version = await session.VersionAsync();
            var update = first.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, version, Ops.Inc("characters.0.hp", 1)));
            var revert = second.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, $"race-{round}", version, version - 1));
            var answers = await Task.WhenAll(update, revert);

            var won = answers.Count(a => a.GetProperty("success").GetBoolean());
            var lost = Assert.Single(answers, a => !a.GetProperty("success").GetBoolean());
            Assert.Equal(1, won);
            Assert.Equal(ErrorCodes.VersionConflict, lost.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal((version + 1).ToString(CultureInfo.InvariantCulture), lost.GetProperty("error").GetProperty("currentVersion").GetString());
            Assert.Equal(version + 1, await session.VersionAsync());
        }
    }

    [Fact]
    public async Task Bad_reverts_are_refused_with_the_contract_codes_and_change_nothing()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await RandomRunAsync(session, seed: 9, updates: 3);
        var before = await session.StateAsync();
        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await using var player = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Player);

        Assert.Equal(ErrorCodes.PermissionDenied, ErrorCode(await player.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "p", 4, 2))));
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "a", "4", "02"))));
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "b", 4, 4))));
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "c", 4, 5))));
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "d", 4, 0))));
        var stale = await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "e", 3, 2));
        Assert.Equal((ErrorCodes.VersionConflict, "4"), (ErrorCode(stale), stale.GetProperty("error").GetProperty("currentVersion").GetString()));
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(await gm.InvokeAsync(HubProtocol.Methods.Revert, new { id = "f", sessionId = session.SessionId, version = 4, toVersion = "2", timestamp = 1 })));

        Assert.Equal(before.GetRawText(), (await session.StateAsync()).GetRawText());

        // With the fixture's retention of 20, version 2 is long gone after 60 more updates.
        for (var i = 0; i < 60; i++)
        {
            await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        }

        var (pruned, version) = await UpdateUntilRevertIsPrunedAsync(gm, session, toVersion: 2);
        Assert.Equal(ErrorCodes.HistoryUnavailable, ErrorCode(pruned));
        Assert.Equal(version, await session.VersionAsync());
    }

    [Fact]
    public async Task The_state_at_a_version_is_served_to_members_refused_to_strangers_and_bounded_by_history()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        var states = await RandomRunAsync(session, seed: 42, updates: 12);
        using var player = await Gateway.HttpAsAsync(SessionScenario.Player);
        using var stranger = await Gateway.HttpAsAsync(SessionScenario.Stranger);

        foreach (var version in new[] { 13, 12, 7 })
        {
            var at = await ReadAsync(await player.GetAsync($"/api/sessions/{session.SessionId}/state?at={version}"), HttpStatusCode.OK);
            var gameState = JsonNode.Parse(at.GetProperty("gameState").GetRawText())!;
            Assert.Equal(states[version].ToJsonString(), gameState.ToJsonString());
        }

        await ExpectAsync(await player.GetAsync($"/api/sessions/{session.SessionId}/state?at=14"), HttpStatusCode.BadRequest, ErrorCodes.ValidationError);
        await ExpectAsync(await player.GetAsync($"/api/sessions/{session.SessionId}/state?at=07"), HttpStatusCode.BadRequest, ErrorCodes.ValidationError);
        await ExpectAsync(await player.GetAsync($"/api/sessions/{session.SessionId}/state?at=0"), HttpStatusCode.Gone, ErrorCodes.HistoryUnavailable);
        await ExpectAsync(await stranger.GetAsync($"/api/sessions/{session.SessionId}/state?at=7"), HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied);

        for (var i = 0; i < 60; i++)
        {
            await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        }

        // Pruning follows snapshots and the write-through outbox (which trails by up to a second): bounded.
        HttpStatusCode status = default;
        for (var attempt = 0; attempt < 40 && status != HttpStatusCode.Gone; attempt++)
        {
            await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
            using var response = await player.GetAsync($"/api/sessions/{session.SessionId}/state?at=2");
            status = response.StatusCode;
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Gone, $"state?at=2 answered {status}");
            await Task.Delay(100);
        }

        await ExpectAsync(await player.GetAsync($"/api/sessions/{session.SessionId}/state?at=2"), HttpStatusCode.Gone, ErrorCodes.HistoryUnavailable);
        var recent = await ReadAsync(await player.GetAsync($"/api/sessions/{session.SessionId}/state?at=70"), HttpStatusCode.OK);
        Assert.Equal("70", recent.GetProperty("gameState").GetProperty("stateVersion").GetString());
    }

    /// <summary>
    /// Applies seeded random updates of every kind (entities added and removed, nested keys set and unset, numbers
    /// incremented, free arrays pushed and pulled) and returns the GM's state at each version, version 1 included.
    /// </summary>
    internal static async Task<Dictionary<long, JsonNode>> RandomRunAsync(SessionScenario session, int seed, int updates)
    {
        var random = new Random(seed);
        var states = new Dictionary<long, JsonNode> { [1] = JsonNode.Parse((await session.StateAsync()).GetRawText())! };
        var next = 2;
        for (var i = 0; i < updates; i++)
        {
            var state = states[next - 1];
            var characters = state["characters"]!.AsArray();
            StateOperation[] operations = random.Next(8) switch
            {
                0 => [Ops.Push("characters", new { id = $"c-{next}", name = $"Hero {next}", hp = random.Next(1, 30) })],
                1 when characters.Count > 1 => [Ops.Pull("characters", new { id = characters[random.Next(characters.Count)]!["id"]!.GetValue<string>() })],
                2 => [Ops.Set($"pluginData.p{random.Next(3)}.k{random.Next(3)}", random.Next(100))],
                3 => [Ops.Unset($"pluginData.p{random.Next(3)}")],
                4 => [Ops.Push("pluginData.log", random.Next(10))],
                5 => [Ops.Pull("pluginData.log", random.Next(10))],
                6 => [Ops.Set("actors.0.conditions", new[] { "prone", "stunned" }[..random.Next(1, 3)])],
                _ => [Ops.Inc("characters.0.hp", random.Next(-5, 6)), Ops.Set("items.0.uses", random.Next(5))],
            };

            if (random.Next(3) == 0)
            {
                operations = [.. operations, Ops.Set("currentEncounter", random.Next(2) == 0 ? null : new
                {
                    encounter = new { id = "e1", round = next },
                    map = (object?)null,
                    tokens = new[] { new { id = "t1", x = random.Next(10) }, new { id = "t2", x = random.Next(10) } },
                })];
            }

            var response = await session.UpdateAsync(next - 1, operations);
            if (!response.Success)
            {
                // A random pull of pluginData.log before it exists is refused; try another update for this version.
                i--;
                continue;
            }

            states[next] = JsonNode.Parse((await session.StateAsync()).GetRawText())!;
            next++;
        }

        return states;
    }

    /// <summary>Pruning follows snapshots and the write-through outbox (which trails by up to a second): bounded.</summary>
    private static async Task<(JsonElement Answer, long Version)> UpdateUntilRevertIsPrunedAsync(RecordingHubClient gm, SessionScenario session, long toVersion)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
            var at = await session.Grain.GetStateAtAsync(SessionScenario.Gm, toVersion);
            if (at.Error?.Code == ErrorCodes.HistoryUnavailable)
            {
                break;
            }

            await Task.Delay(100);
        }

        var version = await session.VersionAsync();
        return (await gm.InvokeAsync(HubProtocol.Methods.Revert, Revert(session.SessionId, "pruned", version, toVersion)), version);
    }

    internal static object Revert(string sessionId, string id, object version, object toVersion) => new
    {
        id,
        sessionId,
        version = version.ToString(),
        toVersion = toVersion.ToString(),
        timestamp = 1764000000000,
    };

    private static void AssertSameValues(JsonNode expected, JsonElement actual) => AssertSameValues(expected, JsonNode.Parse(actual.GetRawText())!);

    private static void AssertSameValues(JsonNode expected, JsonNode actual)
    {
        foreach (var root in new[] { "characters", "actors", "items", "currentEncounter", "pluginData" })
        {
            Assert.True(JsonNode.DeepEquals(expected[root], actual[root]), $"{root}: expected {expected[root]?.ToJsonString()}, got {actual[root]?.ToJsonString()}");
        }
    }
}
