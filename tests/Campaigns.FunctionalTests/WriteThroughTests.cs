using System.Diagnostics;
using System.Text.Json;

namespace Orleans.GameState.Campaigns.FunctionalTests;

/// <summary>Accepted session updates reach the backing models: created, updated, marked deleted.</summary>
[Collection(CampaignClusterCollection.Name)]
public sealed class WriteThroughTests(CampaignClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Theory]
    [InlineData(EntityKinds.Characters)]
    [InlineData(EntityKinds.Actors)]
    [InlineData(EntityKinds.Items)]
    public async Task Set_unset_inc_push_and_pull_write_through_to_the_entities_of_a_kind(string kind)
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        await scenario.CreateEntityAsync(kind, new { id = "x1", name = "First", hp = 10 });
        await scenario.CreateEntityAsync(kind, new { id = "x2", name = "Second" });
        var session = await scenario.CreateSessionAsync();

        await StepAsync(Ops.Set($"{kind}.0.name", "Renamed"));
        await StepAsync(Ops.Inc($"{kind}.0.hp", 5));
        await StepAsync(Ops.Push($"{kind}.0.tags", "brave"));
        await StepAsync(Ops.Push($"{kind}.0.tags", "bold"));
        await StepAsync(Ops.Pull($"{kind}.0.tags", "brave"));
        await StepAsync(Ops.Unset($"{kind}.0.name"));
        await StepAsync(Ops.Push(kind, new { id = "x3", name = "Newcomer" }));

        // Pulling x1 out of the state marks it deleted and keeps its last body.
        await session.ApplyAsync(Ops.Pull(kind, new { id = "x1" }));
        var deleted = (await scenario.WaitForDeletedAsync(kind, "x1"))!.Value;
        Assert.Equal(15, deleted.GetProperty("hp").GetInt32());
        Assert.Equal(["bold"], deleted.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        // Unsetting x2 (now at index 0) deletes it too.
        await session.ApplyAsync(Ops.Unset($"{kind}.0"));
        await scenario.WaitForDeletedAsync(kind, "x2");

        Assert.Equal(["x3"], (await scenario.ListAsync(kind)).Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(["x1", "x2", "x3"], (await scenario.ListAsync(kind, includeDeleted: true)).Select(e => e.GetProperty("id").GetString()));

        async Task StepAsync(StateOperation operation)
        {
            await session.ApplyAsync(operation);
            var state = await session.StateAsync();
            foreach (var entity in state.GetProperty(kind).EnumerateArray())
            {
                await scenario.WaitForEntityEqualAsync(kind, entity.GetProperty("id").GetString()!, entity);
            }
        }
    }

    [Fact]
    public async Task The_current_encounter_with_its_tokens_and_its_map_write_through_and_are_deleted_when_it_ends()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "c1", name = "Aria" });
        var session = await scenario.CreateSessionAsync();

        await session.ApplyAsync(Ops.Set("currentEncounter", new
        {
            encounter = new { id = "e1", name = "Ambush", status = "planned" },
            map = new { id = "m1", name = "Forest", grid = 5 },
            tokens = new[] { new { id = "t1", characterId = "c1", x = 1, y = 1 } },
        }));
        await ExpectCurrentAsync();

        await session.ApplyAsync(Ops.Inc("currentEncounter.tokens.0.x", 2));
        var encounter = await ExpectCurrentAsync();
        Assert.Equal(3, encounter.GetProperty("tokens")[0].GetProperty("x").GetInt32());

        await session.ApplyAsync(Ops.Push("currentEncounter.tokens", new { id = "t2", x = 9, y = 9 }), Ops.Set("currentEncounter.encounter.status", "active"));
        encounter = await ExpectCurrentAsync();
        Assert.Equal(2, encounter.GetProperty("tokens").GetArrayLength());

        await session.ApplyAsync(Ops.Set("currentEncounter.map", new { id = "m2", name = "Cave" }));
        await scenario.WaitForDeletedAsync(EntityKinds.Maps, "m1");
        await ExpectCurrentAsync();

        await session.ApplyAsync(Ops.Set("currentEncounter", null));
        var ended = (await scenario.WaitForDeletedAsync(EntityKinds.Encounters, "e1"))!.Value;
        Assert.Equal("active", ended.GetProperty("status").GetString());
        Assert.Equal(2, ended.GetProperty("tokens").GetArrayLength());
        await scenario.WaitForDeletedAsync(EntityKinds.Maps, "m2");
        Assert.Empty(await scenario.ListAsync(EntityKinds.Encounters));
        Assert.Equal(2, (await scenario.ListAsync(EntityKinds.Maps, includeDeleted: true)).Count);

        // The stored encounter is the state's encounter object with the tokens array put on it.
        async Task<JsonElement> ExpectCurrentAsync()
        {
            var current = (await session.StateAsync()).GetProperty("currentEncounter");
            var expected = JsonSerializer.SerializeToElement(
                current.GetProperty("encounter").EnumerateObject().ToDictionary(p => p.Name, p => p.Value)
                    .Append(new KeyValuePair<string, JsonElement>("tokens", current.GetProperty("tokens")))
                    .ToDictionary(p => p.Key, p => p.Value));
            var stored = await scenario.WaitForEntityEqualAsync(EntityKinds.Encounters, current.GetProperty("encounter").GetProperty("id").GetString()!, expected);
            var map = current.GetProperty("map");
            await scenario.WaitForEntityEqualAsync(EntityKinds.Maps, map.GetProperty("id").GetString()!, map);
            return stored!.Value;
        }
    }

    [Fact]
    public async Task An_update_reaches_the_backing_model_within_a_second()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "c1", hp = 1 });
        var session = await scenario.CreateSessionAsync();
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        await scenario.WaitForEntityAsync(EntityKinds.Characters, "c1", e => e?.GetProperty("hp").GetInt32() == 2);

        // Steady state: the session and the entity are active; measure one more update end to end.
        var clock = Stopwatch.StartNew();
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        await scenario.WaitForEntityAsync(EntityKinds.Characters, "c1", e => e?.GetProperty("hp").GetInt32() == 3);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"write-through took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_replaced_entity_reaches_the_sessions_holding_it_as_a_system_update()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "c1", name = "Aria", hp = 10 });
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "c2", name = "Bram" });
        var session = await scenario.CreateSessionAsync();
        var other = await scenario.CreateSessionAsync();
        await other.ApplyAsync(Ops.Pull("characters", new { id = "c2" }));
        await scenario.WaitForDeletedAsync(EntityKinds.Characters, "c2");
        var version = await session.ApplyAsync(Ops.Inc("characters.1.hp", 1));
        await scenario.WaitForEntityAsync(EntityKinds.Characters, "c2", e => e?.TryGetProperty("hp", out _) == true && !e.Value.TryGetProperty("deleted", out _));

        const string body = """{"id":"c2","name":"Bram the Bold","hp":99,"gear":{"sword":true}}""";
        var reply = await scenario.Grain.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Characters, "c2", body);
        Assert.Null(reply.Error);
        Assert.True(CampaignScenario.JsonEquals(CampaignScenario.Parse(body), CampaignScenario.Parse(reply.Json!)));

        var state = await session.StateAsync();
        Assert.Equal((version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), state.GetProperty("stateVersion").GetString());
        Assert.True(CampaignScenario.JsonEquals(CampaignScenario.Parse(body), state.GetProperty("characters")[1]));
        var broadcast = await SingleBroadcastAfterAsync(session, version);
        Assert.Equal(UpdateSources.System, broadcast.Source);
        Assert.Equal(((version).ToString(System.Globalization.CultureInfo.InvariantCulture), (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), (broadcast.PreviousVersion, broadcast.NewVersion));
        Assert.Equal("characters.1", Assert.Single(broadcast.Operations).Path);

        // The session that no longer holds c2 got nothing; the backing model stays as replaced.
        Assert.Equal("2", (await other.StateAsync()).GetProperty("stateVersion").GetString());
        await Task.Delay(300);
        Assert.True(CampaignScenario.JsonEquals(CampaignScenario.Parse(body), (await scenario.GetEntityAsync(EntityKinds.Characters, "c2"))!.Value));
    }

    [Fact]
    public async Task A_replaced_encounter_and_map_reach_the_session_where_they_are_current()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        var session = await scenario.CreateSessionAsync();
        var version = await session.ApplyAsync(Ops.Set("currentEncounter", new
        {
            encounter = new { id = "e1", name = "Ambush" },
            map = new { id = "m1", name = "Forest" },
            tokens = new[] { new { id = "t1", x = 1 } },
        }));
        await scenario.WaitForEntityAsync(EntityKinds.Maps, "m1", e => e is not null);

        const string encounter = """{"id":"e1","name":"Ambush at dusk","tokens":[{"id":"t1","x":4},{"id":"t2","x":5}]}""";
        Assert.Null((await scenario.Grain.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Encounters, "e1", encounter)).Error);
        var current = (await session.StateAsync()).GetProperty("currentEncounter");
        Assert.Equal("Ambush at dusk", current.GetProperty("encounter").GetProperty("name").GetString());
        Assert.False(current.GetProperty("encounter").TryGetProperty("tokens", out _));
        Assert.Equal(2, current.GetProperty("tokens").GetArrayLength());
        Assert.Equal(UpdateSources.System, (await SingleBroadcastAfterAsync(session, version)).Source);
        await scenario.WaitForEntityEqualAsync(EntityKinds.Encounters, "e1", CampaignScenario.Parse(encounter));

        const string map = """{"id":"m1","name":"Burnt forest"}""";
        Assert.Null((await scenario.Grain.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Maps, "m1", map)).Error);
        Assert.True(CampaignScenario.JsonEquals(CampaignScenario.Parse(map), (await session.StateAsync()).GetProperty("currentEncounter").GetProperty("map")));
        Assert.Equal(version + 2, await session.VersionAsync());
    }

    [Fact]
    public async Task A_replaced_encounter_reaches_the_session_as_one_system_update_holding_exactly_its_body_and_tokens()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        var session = await scenario.CreateSessionAsync();
        var version = await session.ApplyAsync(Ops.Set("currentEncounter", new
        {
            encounter = new { id = "e1", name = "Ambush", status = "planned" },
            map = (object?)null,
            tokens = new[] { new { id = "t1", x = 1 }, new { id = "t2", x = 2 } },
        }));
        await scenario.WaitForEntityAsync(EntityKinds.Encounters, "e1", e => e is not null);

        const string body = """{"id":"e1","c":3,"tokens":[{"id":"t3","x":7}]}""";
        Assert.Null((await scenario.Grain.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Encounters, "e1", body)).Error);
        var current = (await session.StateAsync()).GetProperty("currentEncounter");
        var update = await SingleBroadcastAfterAsync(session, version);

        Assert.True(CampaignScenario.JsonEquals(CampaignScenario.Parse("""{"id":"e1","c":3}"""), current.GetProperty("encounter")), current.GetRawText());
        Assert.True(CampaignScenario.JsonEquals(CampaignScenario.Parse("""[{"id":"t3","x":7}]"""), current.GetProperty("tokens")), current.GetRawText());
        Assert.Equal(UpdateSources.System, update.Source);
        Assert.Equal(["currentEncounter.encounter", "currentEncounter.tokens"], update.Operations.Select(o => o.Path));
        await scenario.WaitForEntityEqualAsync(EntityKinds.Encounters, "e1", CampaignScenario.Parse(body));

        // A body without tokens is an encounter without tokens: the live ones go, and the stored body gets "tokens": [].
        const string withoutTokens = """{"id":"e1","name":"Calm"}""";
        Assert.Null((await scenario.Grain.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Encounters, "e1", withoutTokens)).Error);
        current = (await session.StateAsync()).GetProperty("currentEncounter");

        Assert.Equal(version + 2, await session.VersionAsync());
        Assert.True(CampaignScenario.JsonEquals(CampaignScenario.Parse(withoutTokens), current.GetProperty("encounter")), current.GetRawText());
        Assert.Equal(0, current.GetProperty("tokens").GetArrayLength());
        await scenario.WaitForEntityEqualAsync(EntityKinds.Encounters, "e1", CampaignScenario.Parse("""{"id":"e1","name":"Calm","tokens":[]}"""));
    }

    [Theory]
    [InlineData("""{"id":"e1","c":3,"tokens":[{"id":"t"},{"id":"t"}]}""", "tokens.1.id")]
    [InlineData("""{"id":"e1","tokens":[{"id":"t"},{"x":1}]}""", "tokens.1.id")]
    [InlineData("""{"id":"e1","tokens":[{"id":""}]}""", "tokens.0.id")]
    [InlineData("""{"id":"e1","tokens":[{"id":7}]}""", "tokens.0.id")]
    [InlineData("""{"id":"e1","tokens":[5]}""", "tokens.0")]
    [InlineData("""{"id":"e1","tokens":"nope"}""", "tokens")]
    [InlineData("""{"id":"e1","tokens":null}""", "tokens")]
    public async Task An_encounter_whose_tokens_a_session_could_not_hold_is_refused_and_nothing_changes(string body, string path)
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        var session = await scenario.CreateSessionAsync();
        var version = await session.ApplyAsync(Ops.Set("currentEncounter", new
        {
            encounter = new { id = "e1", name = "Ambush" },
            map = (object?)null,
            tokens = new[] { new { id = "t1", x = 1 } },
        }));
        var stored = (await scenario.WaitForEntityAsync(EntityKinds.Encounters, "e1", e => e is not null))!.Value;
        var state = (await session.StateAsync()).GetRawText();

        var replaced = await scenario.Grain.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Encounters, "e1", body);
        var created = await scenario.Grain.CreateEntityAsync(CampaignScenario.Gm, EntityKinds.Encounters, body.Replace("\"e1\"", "\"e2\"", StringComparison.Ordinal));

        Assert.Equal(ErrorCodes.ValidationError, replaced.Error?.Code);
        Assert.StartsWith(path + ":", replaced.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.ValidationError, created.Error?.Code);
        Assert.StartsWith(path + ":", created.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(version, await session.VersionAsync());
        Assert.Equal(state, (await session.StateAsync()).GetRawText());
        Assert.True(CampaignScenario.JsonEquals(stored, (await scenario.GetEntityAsync(EntityKinds.Encounters, "e1"))!.Value));
        Assert.Null(await scenario.GetEntityAsync(EntityKinds.Encounters, "e2"));
    }

    private static async Task<UpdateBroadcast> SingleBroadcastAfterAsync(SessionScenario session, long version)
    {
        var since = await session.Grain.GetUpdatesSinceAsync(CampaignScenario.Gm, version);
        Assert.Null(since.Error);
        var update = Assert.Single(since.Updates!);
        return JsonSerializer.Deserialize<UpdateBroadcast>(update.UpdatedJson, ContractJson.Options)!;
    }
}
