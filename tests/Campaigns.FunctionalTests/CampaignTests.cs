using System.Text.Json;

namespace Orleans.GameState.Campaigns.FunctionalTests;

/// <summary>Campaign roles, errors, membership and session hydration.</summary>
[Collection(CampaignClusterCollection.Name)]
public sealed class CampaignTests(CampaignClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task Every_call_on_an_unknown_campaign_answers_not_found()
    {
        var campaign = Client.GetGrain<ICampaignGrain>(CampaignIds.NewCampaignId());
        const string gm = CampaignScenario.Gm;

        Assert.Null(await campaign.GetInfoAsync());
        Assert.Equal(CampaignRole.NotFound, await campaign.GetRoleAsync(gm));
        var replies = new[]
        {
            await campaign.AddMemberAsync(gm, "someone"),
            await campaign.CreateEntityAsync(gm, EntityKinds.Characters, """{"id":"c1"}"""),
            await campaign.ReplaceEntityAsync(gm, EntityKinds.Characters, "c1", """{"id":"c1"}"""),
            await campaign.GetEntityAsync(gm, EntityKinds.Characters, "c1"),
            await campaign.ListEntitiesAsync(gm, EntityKinds.Characters, includeDeleted: true),
            await campaign.CreateSessionAsync(gm),
        };
        Assert.All(replies, reply => Assert.Equal(CampaignReply.NotFoundCode, reply.Error?.Code));
    }

    [Fact]
    public async Task Members_read_only_the_GM_writes_and_strangers_do_neither()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        await scenario.CreateEntityAsync(EntityKinds.Items, new { id = "i1", name = "Rope" });
        var campaign = scenario.Grain;

        Assert.Equal(CampaignRole.Gm, await campaign.GetRoleAsync(CampaignScenario.Gm));
        Assert.Equal(CampaignRole.Member, await campaign.GetRoleAsync(CampaignScenario.Player));
        Assert.Equal(CampaignRole.Stranger, await campaign.GetRoleAsync(CampaignScenario.Stranger));

        Assert.Null((await campaign.GetEntityAsync(CampaignScenario.Player, EntityKinds.Items, "i1")).Error);
        Assert.Null((await campaign.ListEntitiesAsync(CampaignScenario.Player, EntityKinds.Items, false)).Error);
        foreach (var user in new[] { CampaignScenario.Player, CampaignScenario.Stranger })
        {
            var writes = new[]
            {
                await campaign.AddMemberAsync(user, "someone"),
                await campaign.CreateEntityAsync(user, EntityKinds.Items, """{"id":"i2"}"""),
                await campaign.ReplaceEntityAsync(user, EntityKinds.Items, "i1", """{"id":"i1"}"""),
                await campaign.CreateSessionAsync(user),
            };
            Assert.All(writes, reply => Assert.Equal(ErrorCodes.PermissionDenied, reply.Error?.Code));
        }

        Assert.Equal(ErrorCodes.PermissionDenied, (await campaign.GetEntityAsync(CampaignScenario.Stranger, EntityKinds.Items, "i1")).Error?.Code);
        Assert.Equal(ErrorCodes.PermissionDenied, (await campaign.ListEntitiesAsync(CampaignScenario.Stranger, EntityKinds.Items, false)).Error?.Code);
        var info = await campaign.GetInfoAsync();
        Assert.Equal(CampaignScenario.Gm, info!.GmUserId);
        Assert.Equal([CampaignScenario.Player], info.MemberUserIds);
    }

    [Fact]
    public async Task Entities_are_validated_and_get_an_id_when_they_have_none()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        var campaign = scenario.Grain;

        Assert.Equal(ErrorCodes.ValidationError, (await campaign.CreateEntityAsync(CampaignScenario.Gm, "spells", """{"id":"x"}""")).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationError, (await campaign.CreateEntityAsync(CampaignScenario.Gm, EntityKinds.Actors, "[1,2]")).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationError, (await campaign.CreateEntityAsync(CampaignScenario.Gm, EntityKinds.Actors, """{"id":7}""")).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationError, (await campaign.CreateEntityAsync(CampaignScenario.Gm, EntityKinds.Actors, """{"id":""}""")).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationError, (await campaign.GetEntityAsync(CampaignScenario.Gm, "spells", "x")).Error?.Code);

        var created = await scenario.CreateEntityAsync(EntityKinds.Actors, new { name = "Goblin", hp = 7 });
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("actor-", id);
        Assert.True(CampaignScenario.JsonEquals(created, (await scenario.GetEntityAsync(EntityKinds.Actors, id))!.Value));
        Assert.Equal(ErrorCodes.ValidationError, (await campaign.CreateEntityAsync(CampaignScenario.Gm, EntityKinds.Actors, created.GetRawText())).Error?.Code);
        Assert.Equal(CampaignReply.NotFoundCode, (await campaign.GetEntityAsync(CampaignScenario.Gm, EntityKinds.Actors, "nobody")).Error?.Code);
        Assert.Equal(CampaignReply.NotFoundCode, (await campaign.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Actors, "nobody", """{"id":"nobody"}""")).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationError, (await campaign.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Actors, id, """{"id":"other"}""")).Error?.Code);

        var replaced = await campaign.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Actors, id, """{"name":"Hobgoblin"}""");
        Assert.Equal(id, CampaignScenario.Parse(replaced.Json!).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"id":"x1","name":"\ud800"}""")]
    [InlineData("""{"id":"x1","\udc00":1}""")]
    [InlineData("""{"id":"x1","hp":1,"hp":2}""")]
    [InlineData("""{"id":"x1","gear":{"sword":true,"sword":false}}""")]
    public async Task An_entity_a_session_could_not_hold_is_refused(string body)
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "x1", hp = 1 });

        var created = await scenario.Grain.CreateEntityAsync(CampaignScenario.Gm, EntityKinds.Actors, body);
        var replaced = await scenario.Grain.ReplaceEntityAsync(CampaignScenario.Gm, EntityKinds.Characters, "x1", body);

        Assert.Equal(ErrorCodes.ValidationError, created.Error?.Code);
        Assert.Equal(ErrorCodes.ValidationError, replaced.Error?.Code);
        Assert.Null(await scenario.GetEntityAsync(EntityKinds.Actors, "x1"));
        Assert.Equal(1, (await scenario.GetEntityAsync(EntityKinds.Characters, "x1"))!.Value.GetProperty("hp").GetInt32());
    }

    [Fact]
    public async Task An_entity_nested_deeper_than_a_session_can_hold_is_refused_and_the_deepest_it_can_is_hydrated()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        static string Nested(string id, int depth) =>
            $$"""{"id":"{{id}}","x":""" + string.Concat(Enumerable.Repeat("[", depth - 1)) + string.Concat(Enumerable.Repeat("]", depth - 1)) + "}";

        var deepest = await scenario.Grain.CreateEntityAsync(CampaignScenario.Gm, EntityKinds.Characters, Nested("c-deep", 60));
        var tooDeep = await scenario.Grain.CreateEntityAsync(CampaignScenario.Gm, EntityKinds.Characters, Nested("c-deeper", 61));
        var session = await scenario.CreateSessionAsync();

        Assert.Null(deepest.Error);
        Assert.Equal(ErrorCodes.ValidationError, tooDeep.Error?.Code);
        Assert.Contains("nested more than 60 levels", tooDeep.Error!.Message);
        Assert.Null(await scenario.GetEntityAsync(EntityKinds.Characters, "c-deeper"));
        Assert.Equal(["c-deep"], Ids(await session.StateAsync(), EntityKinds.Characters));
    }

    [Fact]
    public async Task An_imported_encounter_with_tokens_a_session_could_not_hold_is_refused()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        var import = Client.GetGrain<ICampaignImportGrain>(scenario.CampaignId);

        var outcome = await import.ImportEntitiesAsync(EntityKinds.Encounters, ["""{"id":"e1","tokens":[{"id":"t"},{"id":"t"}]}"""]);

        Assert.Contains("tokens.1.id", outcome.Error);
        Assert.Null(await scenario.GetEntityAsync(EntityKinds.Encounters, "e1"));
    }

    [Fact]
    public async Task A_new_session_is_hydrated_from_the_live_characters_actors_and_items_at_version_1()
    {
        var scenario = await CampaignScenario.CreateAsync(Client);
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "c1", name = "Aria", hp = 10 });
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "c2", name = "Bram" });
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "c3", name = "Gone", deleted = true });
        await scenario.CreateEntityAsync(EntityKinds.Actors, new { id = "a1", name = "Goblin" });
        await scenario.CreateEntityAsync(EntityKinds.Items, new { id = "i1", name = "Rope" });
        await scenario.CreateEntityAsync(EntityKinds.Encounters, new { id = "e1", name = "Ambush" });

        var session = await scenario.CreateSessionAsync();
        var state = await session.StateAsync();

        Assert.Equal("1", state.GetProperty("stateVersion").GetString());
        Assert.Equal(["c1", "c2"], Ids(state, EntityKinds.Characters));
        Assert.Equal(["a1"], Ids(state, EntityKinds.Actors));
        Assert.Equal(["i1"], Ids(state, EntityKinds.Items));
        Assert.Equal(JsonValueKind.Null, state.GetProperty("currentEncounter").ValueKind);
        Assert.True(CampaignScenario.JsonEquals(state.GetProperty(EntityKinds.Characters)[0], (await scenario.GetEntityAsync(EntityKinds.Characters, "c1"))!.Value));
        Assert.Equal(scenario.CampaignId, (await session.Grain.DescribeAsync())!.CampaignId);
        Assert.Null((await session.Grain.GetStateAsync(CampaignScenario.Player)).Error);
        Assert.Equal(ErrorCodes.PermissionDenied, (await session.Grain.GetStateAsync(CampaignScenario.Stranger)).Error?.Code);
    }

    [Fact]
    public async Task Adding_a_member_lets_them_read_the_campaigns_existing_sessions()
    {
        var scenario = await CampaignScenario.CreateAsync(Client, withPlayer: false);
        var session = await scenario.CreateSessionAsync();
        Assert.Equal(ErrorCodes.PermissionDenied, (await session.Grain.GetStateAsync("late-player")).Error?.Code);

        Assert.Null((await scenario.Grain.AddMemberAsync(CampaignScenario.Gm, "late-player")).Error);

        Assert.Null((await session.Grain.GetStateAsync("late-player")).Error);
        Assert.Equal(CampaignRole.Member, await scenario.Grain.GetRoleAsync("late-player"));
    }

    private static string[] Ids(JsonElement state, string kind) =>
        state.GetProperty(kind).EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
}
