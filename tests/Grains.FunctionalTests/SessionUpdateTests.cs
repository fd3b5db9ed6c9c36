using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Grains.FunctionalTests;

[Collection(SessionClusterCollection.Name)]
public sealed class SessionUpdateTests(SessionClusterFixture fixture)
{
    [Fact]
    public async Task Updates_apply_in_sequence_and_each_adds_one_to_the_version()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);

        Assert.Equal(2, await session.ApplyAsync(Ops.Set("characters.0.hp", 7)));
        Assert.Equal(3, await session.ApplyAsync(Ops.Inc("characters.0.hp", 5), Ops.Push("items", new { id = "i2" })));
        Assert.Equal(4, await session.ApplyAsync(Ops.Pull("items", new { id = "i1" }), Ops.Set("pluginData.dnd.round", 1)));

        var state = await session.StateAsync();
        Assert.Equal("4", state.GetProperty("stateVersion").GetString());
        Assert.Equal(12, state.GetProperty("characters")[0].GetProperty("hp").GetInt32());
        Assert.Equal("i2", Assert.Single(state.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(1, state.GetProperty("pluginData").GetProperty("dnd").GetProperty("round").GetInt32());
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_that_names_the_current_version_and_changes_nothing()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        await session.ApplyAsync(Ops.Set("characters.0.hp", 1));
        var before = (await session.StateAsync()).GetRawText();

        var response = await session.UpdateAsync(1, Ops.Set("characters.0.hp", 99));

        Assert.False(response.Success);
        Assert.Equal(ErrorCodes.VersionConflict, response.Error!.Code);
        Assert.Equal("2", response.Error.CurrentVersion);
        Assert.Equal(before, (await session.StateAsync()).GetRawText());
    }

    [Fact]
    public async Task A_resent_update_id_gets_its_original_answer_even_when_its_version_is_stale()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var update = Ops.Update(session.SessionId, 1, Ops.Inc("characters.0.hp", 1));
        var first = await session.Grain.UpdateAsync(update, SessionScenario.Gm);
        await session.ApplyAsync(Ops.Set("pluginData.x", 1));

        var again = await session.Grain.UpdateAsync(update, SessionScenario.Gm);

        Assert.True(first.Success);
        Assert.Equal(first, again);
        var state = await session.StateAsync();
        Assert.Equal(11, state.GetProperty("characters")[0].GetProperty("hp").GetInt32());
        Assert.Equal("3", state.GetProperty("stateVersion").GetString());
    }

    [Fact]
    public async Task A_resent_accepted_id_gets_its_original_answer_before_its_content_is_validated()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var update = Ops.Update(session.SessionId, 1, Ops.Inc("characters.0.hp", 1));
        var first = await session.Grain.UpdateAsync(update, SessionScenario.Gm);
        await session.ApplyAsync(Ops.Set("pluginData.x", 1));
        var before = (await session.StateAsync()).GetRawText();

        var noOperations = await session.Grain.UpdateAsync(update with { Operations = [] }, SessionScenario.Gm);
        var badVersion = await session.Grain.UpdateAsync(update with { Version = "01" }, SessionScenario.Gm);
        var otherSession = await session.Grain.UpdateAsync(update with { SessionId = "s-other" }, SessionScenario.Gm);
        // Well formed and at the current version, but one the engine would refuse (no such index).
        var refusedByEngine = await session.Grain.UpdateAsync(
            update with { Version = "3", Operations = [Ops.Set("characters.5.hp", 1)] }, SessionScenario.Gm);

        Assert.Equal(StateUpdateResponse.Accepted("2"), first);
        Assert.Equal(first, noOperations);
        Assert.Equal(first, badVersion);
        Assert.Equal(first, otherSession);
        Assert.Equal(first, refusedByEngine);
        Assert.Equal(before, (await session.StateAsync()).GetRawText());
    }

    [Fact]
    public async Task Permission_the_system_source_and_a_missing_id_are_checked_before_the_idempotency_lookup()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var update = Ops.Update(session.SessionId, 1, Ops.Inc("characters.0.hp", 1));
        Assert.True((await session.Grain.UpdateAsync(update, SessionScenario.Gm)).Success);

        // A player or a stranger learns nothing about accepted ids; a client never passes as the server.
        var byPlayer = await session.Grain.UpdateAsync(update, SessionScenario.Player);
        var byStranger = await session.Grain.UpdateAsync(update, SessionScenario.Stranger);
        var asSystem = await session.Grain.UpdateAsync(update with { Source = UpdateSources.System }, SessionScenario.Gm);
        var withoutId = await session.Grain.UpdateAsync(update with { Id = string.Empty, Version = "2" }, SessionScenario.Gm);

        Assert.Equal(ErrorCodes.PermissionDenied, byPlayer.Error?.Code);
        Assert.Equal(ErrorCodes.PermissionDenied, byStranger.Error?.Code);
        Assert.Equal(ErrorCodes.PermissionDenied, asSystem.Error?.Code);
        Assert.Equal(ErrorCodes.ValidationError, withoutId.Error?.Code);
        Assert.StartsWith("id:", withoutId.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(2, await session.VersionAsync());
    }

    [Fact]
    public async Task A_resent_id_beyond_the_in_memory_window_gets_its_original_answer_from_the_log_whatever_its_content()
    {
        // A state larger than the log written between snapshots, so snapshots (and log pruning) come only every
        // SnapshotMaxUpdates (7) updates: at versions 8, 15, 22, 29, pruning up to version - LogRetention (20).
        var padded = Ops.InitialState.Replace("\"pluginData\":{}", $"\"pluginData\":{{\"pad\":\"{new string('x', 20_000)}\"}}", StringComparison.Ordinal);
        var session = await SessionScenario.CreateAsync(fixture.Client, padded);
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        var update = Ops.Update(session.SessionId, 2, Ops.Inc("characters.0.hp", 1));
        var first = await session.Grain.UpdateAsync(update, SessionScenario.Gm);
        for (var i = 0; i < SessionClusterFixture.LogRetention; i++)
        {
            await session.ApplyAsync(Ops.Set("pluginData.i", i));
        }

        // The in-memory window holds the last LogRetention ids (versions 4 to 23); the log still holds version 3.
        Assert.Equal(1L, await fixture.Cluster.Storage.ScalarAsync<long>(
            $"SELECT count(*) FROM game_session_update WHERE session_id = '{session.SessionId}' AND update_id = '{update.Id}'"));
        var noOperations = await session.Grain.UpdateAsync(update with { Operations = [] }, SessionScenario.Gm);
        var stale = await session.Grain.UpdateAsync(update, SessionScenario.Gm);
        var refusedByEngine = await session.Grain.UpdateAsync(
            update with { Version = "23", Operations = [Ops.Set("characters.5.hp", 1)] }, SessionScenario.Gm);

        Assert.Equal(StateUpdateResponse.Accepted("3"), first);
        Assert.Equal(first, noOperations);
        Assert.Equal(first, stale);
        Assert.Equal(first, refusedByEngine);
        Assert.Equal(23, await session.VersionAsync());
    }

    [Fact]
    public async Task A_validation_error_leaves_state_and_version_untouched()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var before = (await session.StateAsync()).GetRawText();

        var response = await session.UpdateAsync(1, Ops.Set("characters.0.hp", 3), Ops.Set("characters.0.id", 42));

        Assert.Equal(ErrorCodes.ValidationError, response.Error!.Code);
        Assert.Contains("characters.0.id", response.Error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await session.StateAsync()).GetRawText());
    }

    [Fact]
    public async Task Only_the_gm_updates_members_read_and_strangers_are_refused()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);

        var byPlayer = await session.Grain.UpdateAsync(Ops.Update(session.SessionId, 1, Ops.Set("pluginData.x", 1)), SessionScenario.Player);
        var byStranger = await session.Grain.GetStateAsync(SessionScenario.Stranger);
        var byPlayerRead = await session.Grain.GetStateAsync(SessionScenario.Player);
        var strangerSince = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Stranger, 0);

        Assert.Equal(ErrorCodes.PermissionDenied, byPlayer.Error!.Code);
        Assert.Equal(ErrorCodes.PermissionDenied, byStranger.Error!.Code);
        Assert.Equal(ErrorCodes.PermissionDenied, strangerSince.Error!.Code);
        Assert.Null(byPlayerRead.Error);
        Assert.False(byPlayerRead.IsGm);
        Assert.Equal(1, await session.VersionAsync());
    }

    [Fact]
    public async Task A_client_cannot_send_a_system_update()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        var update = Ops.Update(session.SessionId, 1, Ops.Set("pluginData.x", 1)) with { Source = UpdateSources.System };

        var response = await session.Grain.UpdateAsync(update, SessionScenario.Gm);

        Assert.Equal(ErrorCodes.PermissionDenied, response.Error!.Code);
        Assert.Equal(1, await session.VersionAsync());
    }

    [Fact]
    public async Task An_unknown_session_is_not_found_and_calling_it_creates_nothing()
    {
        var sessionId = $"s-{Guid.NewGuid():N}";
        var grain = fixture.Client.GetGrain<IGameSessionGrain>(sessionId);

        var update = await grain.UpdateAsync(Ops.Update(sessionId, 1, Ops.Set("pluginData.x", 1)), SessionScenario.Gm);
        var state = await grain.GetStateAsync(SessionScenario.Gm);
        var since = await grain.GetUpdatesSinceAsync(SessionScenario.Gm, 0);

        Assert.Equal(ErrorCodes.SessionNotFound, update.Error!.Code);
        Assert.Equal(ErrorCodes.SessionNotFound, state.Error!.Code);
        Assert.Equal(ErrorCodes.SessionNotFound, since.Error!.Code);
        Assert.Null(await grain.DescribeAsync());
        Assert.Equal(0L, await fixture.Cluster.Storage.ScalarAsync<long>($"SELECT count(*) FROM game_session WHERE session_id = '{sessionId}'"));
    }

    [Fact]
    public async Task Creating_a_session_twice_keeps_the_first()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        await session.ApplyAsync(Ops.Set("pluginData.x", 1));

        var again = await session.Grain.CreateAsync(new CreateSessionCommand("c-test", SessionScenario.Gm, [], Ops.InitialState));

        Assert.True(again.AlreadyExisted);
        Assert.Equal("2", again.StateVersion);
    }

    [Fact]
    public async Task Every_update_is_in_the_log_as_the_broadcast_that_was_sent()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        await session.ApplyAsync(Ops.Set("characters.0.hp", 4));

        var json = await fixture.Cluster.Storage.ScalarAsync<string>(
            $"SELECT broadcast::text FROM game_session_update WHERE session_id = '{session.SessionId}' AND version = 2");
        var broadcast = JsonSerializer.Deserialize<UpdateBroadcast>(json!, ContractJson.Options)!;

        Assert.Equal("1", broadcast.PreviousVersion);
        Assert.Equal("2", broadcast.NewVersion);
        Assert.Equal(10, Assert.Single(broadcast.Operations).Previous.GetInt32());
    }
}
