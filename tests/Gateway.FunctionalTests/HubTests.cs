using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.FunctionalTests;

[Collection(GatewayCollection.Name)]
public sealed class HubTests(GatewayFixture fixture)
{
    private GatewayServer Gateway => fixture.Gateway;

    [Fact]
    public async Task Joining_returns_the_state_and_the_role()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await using var player = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Player);

        var gmJoin = await gm.JoinAsync(session.SessionId);
        var playerJoin = await player.JoinAsync(session.SessionId);

        Assert.True(gmJoin.GetProperty("success").GetBoolean());
        Assert.True(gmJoin.GetProperty("isGM").GetBoolean());
        Assert.False(playerJoin.GetProperty("isGM").GetBoolean());
        Assert.Equal("1", playerJoin.GetProperty("gameState").GetProperty("stateVersion").GetString());
        Assert.Equal("Aria", playerJoin.GetProperty("gameState").GetProperty("characters")[0].GetProperty("name").GetString());
        Assert.False(playerJoin.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Strangers_and_unknown_sessions_cannot_be_joined()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var stranger = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Stranger);

        var denied = await stranger.JoinAsync(session.SessionId);
        var missing = await stranger.JoinAsync($"s-{Guid.NewGuid():N}");

        Assert.Equal((false, ErrorCodes.PermissionDenied), (denied.GetProperty("success").GetBoolean(), ErrorCode(denied)));
        Assert.Equal(ErrorCodes.SessionNotFound, ErrorCode(missing));
    }

    [Fact]
    public async Task An_update_is_answered_then_broadcast_to_every_joined_connection_including_the_sender()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await using var player = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Player);
        await gm.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);

        var response = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 1, Ops.Set("characters.0.hp", 3), Ops.Unset("characters.0.name")));

        Assert.Equal("2", response.GetProperty("newVersion").GetString());
        Assert.True(await player.WaitUntilAsync(c => !c.Updated.IsEmpty));
        Assert.True(await gm.WaitUntilAsync(c => !c.Updated.IsEmpty));
        var broadcast = Assert.Single(player.Updated);
        Assert.Equal(session.SessionId, broadcast.GetProperty("sessionId").GetString());
        Assert.Equal(("1", "2", "gm"), (broadcast.GetProperty("previousVersion").GetString(), broadcast.GetProperty("newVersion").GetString(), broadcast.GetProperty("source").GetString()));
        var operations = broadcast.GetProperty("operations");
        Assert.Equal(10, operations[0].GetProperty("previous").GetInt32());
        Assert.Equal("Aria", operations[1].GetProperty("previous").GetString());
        Assert.False(operations[1].TryGetProperty("value", out _));
    }

    [Fact]
    public async Task Failed_updates_answer_with_the_contract_codes_and_report_to_the_gm()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await using var player = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Player);
        await gm.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);

        var conflict = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 7, Ops.Set("pluginData.x", 1)));
        var invalid = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 1, Ops.Set("stateVersion", "9")));
        var empty = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 1));
        var byPlayer = await player.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 1, Ops.Set("pluginData.x", 1)));
        var system = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 1, Ops.Set("pluginData.x", 1)) with { Source = "system" });
        var noSession = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, 1, Ops.Set("pluginData.x", 1)) with { SessionId = null });
        var unknown = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update($"s-{Guid.NewGuid():N}", 1, Ops.Set("pluginData.x", 1)));

        Assert.Equal((ErrorCodes.VersionConflict, "1"), (ErrorCode(conflict), conflict.GetProperty("error").GetProperty("currentVersion").GetString()));
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(invalid));
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(empty));
        Assert.Equal(ErrorCodes.PermissionDenied, ErrorCode(byPlayer));
        Assert.Equal(ErrorCodes.PermissionDenied, ErrorCode(system));
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(noSession));
        Assert.Equal(ErrorCodes.SessionNotFound, ErrorCode(unknown));
        Assert.True(await gm.WaitUntilAsync(c => c.Errors.Count >= 3));
        Assert.Equal(ErrorCodes.VersionConflict, gm.Errors.First().GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(player.Errors);
        Assert.Equal(1, await session.VersionAsync());
    }

    [Fact]
    public async Task Full_state_and_updates_since_a_version_can_be_requested()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        for (var i = 0; i < 6; i++)
        {
            await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        }

        await using var player = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Player);
        var full = await player.InvokeAsync(HubProtocol.Methods.RequestFull, session.SessionId);
        var since = await player.InvokeAsync(HubProtocol.Methods.RequestSince, session.SessionId, "3");
        var badVersion = await player.InvokeAsync(HubProtocol.Methods.RequestSince, session.SessionId, "three");

        Assert.Equal("7", full.GetProperty("gameState").GetProperty("stateVersion").GetString());
        Assert.Equal(["4", "5", "6", "7"], since.GetProperty("updates").EnumerateArray().Select(u => u.GetProperty("newVersion").GetString()));
        Assert.Equal(ErrorCodes.ValidationError, ErrorCode(badVersion));
    }

    [Fact]
    public async Task Old_history_is_unavailable()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        for (var i = 0; i < 400 && (await session.Grain.GetUpdatesSinceAsync(SessionScenario.Gm, 1)).Error is null; i++)
        {
            // Pruning follows snapshots and the write-through outbox (which trails by up to a second).
            await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
            await Task.Delay(i % 10 == 0 ? 100 : 0);
        }

        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        var since = await gm.InvokeAsync(HubProtocol.Methods.RequestSince, session.SessionId, "1");

        Assert.Equal(ErrorCodes.HistoryUnavailable, ErrorCode(since));
    }

    [Fact]
    public async Task A_connection_that_left_receives_nothing_more()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var player = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Player);
        await using var watcher = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await player.JoinAsync(session.SessionId);
        await watcher.JoinAsync(session.SessionId);
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        Assert.True(await player.WaitUntilAsync(c => c.Updated.Count == 1));

        var left = await player.InvokeAsync(HubProtocol.Methods.Leave, session.SessionId);
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));

        Assert.True(left.GetProperty("success").GetBoolean());
        Assert.True(await watcher.WaitUntilAsync(c => c.Updated.Count == 2));
        await Task.Delay(200);
        Assert.Single(player.Updated);
    }

    [Fact]
    public async Task Encounter_started_follows_the_update_that_activated_the_encounter()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var player = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Player);
        await player.JoinAsync(session.SessionId);

        await session.ApplyAsync(Ops.Set("currentEncounter", new { encounter = new { id = "e9", status = "active" }, map = new { id = "m1" }, tokens = new[] { new { id = "t1" } } }));

        Assert.True(await player.WaitUntilAsync(c => !c.EncountersStarted.IsEmpty));
        var started = Assert.Single(player.EncountersStarted);
        Assert.Equal((session.SessionId, "e9", "2"), (started.GetProperty("sessionId").GetString(), started.GetProperty("encounterId").GetString(), started.GetProperty("version").GetString()));
        Assert.Single(player.Updated);
    }

    [Fact]
    public async Task Two_gateways_relay_the_same_session_to_their_clients()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        await using var remotePlayer = await RecordingHubClient.ConnectAsync(fixture.SecondGateway, SessionScenario.Player);
        await gm.JoinAsync(session.SessionId);
        await remotePlayer.JoinAsync(session.SessionId);

        for (var version = 1; version <= 20; version++)
        {
            var response = await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, version, Ops.Inc("characters.0.hp", 1)));
            Assert.True(response.GetProperty("success").GetBoolean());
        }

        Assert.True(await remotePlayer.WaitUntilAsync(c => c.Updated.Count >= 20));
        Assert.True(await gm.WaitUntilAsync(c => c.Updated.Count >= 20));
        Assert.Equal(Enumerable.Range(2, 20).Select(v => (long)v), remotePlayer.UpdatedVersions);
        Assert.Equal(Enumerable.Range(2, 20).Select(v => (long)v), gm.UpdatedVersions);
    }

    [Fact]
    public async Task Joining_while_updates_flow_gets_every_version_after_the_joined_state_and_none_before()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(Gateway, SessionScenario.Gm);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var version = 1; version <= 80; version++)
            {
                await gm.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(session.SessionId, version, Ops.Inc("characters.0.hp", 1)));
            }
        });

        var joiners = new List<(RecordingHubClient Client, long Version)>();
        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(30);
            var client = await RecordingHubClient.ConnectAsync(i % 2 == 0 ? Gateway : fixture.SecondGateway, SessionScenario.Player);
            var joined = await client.JoinAsync(session.SessionId);
            joiners.Add((client, long.Parse(joined.GetProperty("gameState").GetProperty("stateVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        }

        await writer;
        foreach (var (client, version) in joiners)
        {
            Assert.True(version == 81 || await client.WaitUntilAsync(c => c.UpdatedVersions.LastOrDefault() == 81), $"joined at {version}, got {string.Join(",", client.UpdatedVersions)}");
            Assert.Equal(Enumerable.Range((int)version + 1, 81 - (int)version).Select(v => (long)v), client.UpdatedVersions);
            await client.DisposeAsync();
        }
    }

    private static string? ErrorCode(JsonElement response) =>
        response.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;
}
