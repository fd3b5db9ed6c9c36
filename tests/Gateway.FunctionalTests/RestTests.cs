using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Orleans.GameState.Contract;

using static Orleans.GameState.Gateway.FunctionalTests.HttpAnswers;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>The REST API of docs/api.md section 3, end to end through the real gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RestTests(GatewayFixture fixture)
{
    private GatewayServer Gateway => fixture.Gateway;

    [Fact]
    public async Task A_gm_creates_a_campaign_adds_a_player_and_a_character_and_starts_a_session()
    {
        using var gm = await Gateway.HttpAsAsync("rest-gm");
        using var player = await Gateway.HttpAsAsync("rest-player");

        var campaign = await ReadAsync(await gm.PostAsJsonAsync("/api/campaigns", new { name = "Curse of the Crimson Throne" }), HttpStatusCode.Created);
        var campaignId = campaign.GetProperty("id").GetString();
        Assert.Equal(("Curse of the Crimson Throne", "rest-gm"), (campaign.GetProperty("name").GetString(), campaign.GetProperty("gmUserId").GetString()));

        using var member = await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/members", new { userId = "rest-player" });
        Assert.Equal(HttpStatusCode.NoContent, member.StatusCode);

        var created = await ReadAsync(await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/characters", new { name = "Aria", hp = 12 }), HttpStatusCode.Created);
        var characterId = created.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(characterId));
        var named = await ReadAsync(await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/actors", new { id = "goblin-1", name = "Goblin" }), HttpStatusCode.Created);
        Assert.Equal("goblin-1", named.GetProperty("id").GetString());

        var fetched = await ReadAsync(await player.GetAsync($"/api/campaigns/{campaignId}/characters/{characterId}"), HttpStatusCode.OK);
        Assert.Equal(12, fetched.GetProperty("hp").GetInt32());
        var listed = await ReadAsync(await player.GetAsync($"/api/campaigns/{campaignId}/actors"), HttpStatusCode.OK);
        Assert.Equal("goblin-1", Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());

        var session = await ReadAsync(await gm.PostAsync($"/api/campaigns/{campaignId}/sessions", null), HttpStatusCode.Created);
        Assert.Equal("1", session.GetProperty("stateVersion").GetString());
        var sessionId = session.GetProperty("sessionId").GetString();

        var state = await ReadAsync(await player.GetAsync($"/api/sessions/{sessionId}/state"), HttpStatusCode.OK);
        var gameState = state.GetProperty("gameState");
        Assert.Equal("Aria", Assert.Single(gameState.GetProperty("characters").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("goblin-1", Assert.Single(gameState.GetProperty("actors").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, gameState.GetProperty("currentEncounter").ValueKind);

        var updates = await ReadAsync(await player.GetAsync($"/api/sessions/{sessionId}/updates?since=1"), HttpStatusCode.OK);
        Assert.Empty(updates.GetProperty("updates").EnumerateArray());
    }

    [Fact]
    public async Task Roles_and_unknown_ids_get_403_and_404_and_bad_input_400()
    {
        using var gm = await Gateway.HttpAsAsync("roles-gm");
        using var player = await Gateway.HttpAsAsync("roles-player");
        using var stranger = await Gateway.HttpAsAsync("roles-stranger");
        var campaignId = (await ReadAsync(await gm.PostAsJsonAsync("/api/campaigns", new { name = "Roles" }), HttpStatusCode.Created)).GetProperty("id").GetString();
        (await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/members", new { userId = "roles-player" })).Dispose();
        var sessionId = (await ReadAsync(await gm.PostAsync($"/api/campaigns/{campaignId}/sessions", null), HttpStatusCode.Created)).GetProperty("sessionId").GetString();

        await ExpectErrorAsync(await player.PostAsJsonAsync($"/api/campaigns/{campaignId}/items", new { name = "Rope" }), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await ExpectErrorAsync(await player.PostAsync($"/api/campaigns/{campaignId}/sessions", null), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await ExpectErrorAsync(await stranger.GetAsync($"/api/campaigns/{campaignId}/items"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await ExpectErrorAsync(await stranger.GetAsync($"/api/sessions/{sessionId}/state"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await ExpectErrorAsync(await gm.GetAsync($"/api/campaigns/c-{Guid.NewGuid():N}/items"), HttpStatusCode.NotFound, null);
        await ExpectErrorAsync(await gm.GetAsync($"/api/campaigns/{campaignId}/items/nope"), HttpStatusCode.NotFound, null);
        await ExpectErrorAsync(await gm.GetAsync($"/api/sessions/s-{Guid.NewGuid():N}/state"), HttpStatusCode.NotFound, "SESSION_NOT_FOUND");
        await ExpectErrorAsync(await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/spells", new { name = "Fireball" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await ExpectErrorAsync(await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/items", new[] { 1, 2 }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await ExpectErrorAsync(await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/items", new { id = 7 }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await ExpectErrorAsync(await gm.PostAsJsonAsync("/api/campaigns", new { }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await ExpectErrorAsync(await gm.GetAsync($"/api/sessions/{sessionId}/updates?since=x"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Replacing_an_entity_reaches_a_live_session_as_a_system_update()
    {
        using var gm = await Gateway.HttpAsAsync("put-gm");
        var campaignId = (await ReadAsync(await gm.PostAsJsonAsync("/api/campaigns", new { name = "Put" }), HttpStatusCode.Created)).GetProperty("id").GetString();
        await ReadAsync(await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/items", new { id = "sword", damage = 4 }), HttpStatusCode.Created);
        var sessionId = (await ReadAsync(await gm.PostAsync($"/api/campaigns/{campaignId}/sessions", null), HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        await using var watcher = await RecordingHubClient.ConnectAsync(Gateway, "put-gm");
        await watcher.JoinAsync(sessionId);

        var replaced = await ReadAsync(await gm.PutAsJsonAsync($"/api/campaigns/{campaignId}/items/sword", new { id = "sword", damage = 8, runes = true }), HttpStatusCode.OK);

        Assert.Equal(8, replaced.GetProperty("damage").GetInt32());
        Assert.True(await watcher.WaitUntilAsync(c => !c.Updated.IsEmpty));
        var broadcast = Assert.Single(watcher.Updated);
        Assert.Equal(("system", "2"), (broadcast.GetProperty("source").GetString(), broadcast.GetProperty("newVersion").GetString()));
        var state = await ReadAsync(await gm.GetAsync($"/api/sessions/{sessionId}/state"), HttpStatusCode.OK);
        var item = Assert.Single(state.GetProperty("gameState").GetProperty("items").EnumerateArray());
        Assert.Equal("""{"id":"sword","damage":8,"runes":true}""", item.GetRawText());
    }

    [Fact]
    public async Task The_dev_token_endpoint_mints_a_token_the_hub_accepts()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/api/dev/token", new { userId = "dev-user" });
        var token = (await ReadAsync(response, HttpStatusCode.OK)).GetProperty("token").GetString();

        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Gateway.Address, HubProtocol.Path), options => options.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        await connection.StartAsync();

        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    private static async Task ExpectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? code)
    {
        var error = (await ReadAsync(response, status)).GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
    }
}
