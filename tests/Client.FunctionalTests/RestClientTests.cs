using System.Net;
using System.Text.Json.Nodes;
using Orleans.GameState.Client.Rest;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>The SDK's <see cref="GameStateRestClient"/> against the real gateway: every call of CONTRACT section 3, and its errors.</summary>
[Collection(ClientCollection.Name)]
public sealed class RestClientTests(ClientFixture fixture)
{
    [Fact]
    public async Task The_rest_client_covers_campaigns_members_entities_sessions_state_and_updates()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (gmId, playerId) = ($"gm-{tag}", $"player-{tag}");
        using var anonymous = new GameStateRestClient(fixture.Gateway.Address);
        using var gm = GameStateRestClient.WithToken(fixture.Gateway.Address, await anonymous.CreateDevTokenAsync(gmId));
        using var player = GameStateRestClient.WithToken(fixture.Gateway.Address, await anonymous.CreateDevTokenAsync(playerId));

        var campaign = await gm.CreateCampaignAsync("rest client");
        Assert.Equal(("rest client", gmId), (campaign.Name, campaign.GmUserId));
        await gm.AddMemberAsync(campaign.Id, playerId);

        var created = await gm.CreateEntityAsync(campaign.Id, EntityKinds.Characters, new JsonObject { ["name"] = "Aria", ["hp"] = 20 });
        var characterId = created["id"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(characterId));
        await gm.CreateEntityAsync(campaign.Id, EntityKinds.Items, new JsonObject { ["id"] = "rope", ["name"] = "rope" });
        var replaced = await gm.ReplaceEntityAsync(campaign.Id, EntityKinds.Characters, characterId, new JsonObject { ["id"] = characterId, ["name"] = "Aria", ["hp"] = 18 });
        Assert.Equal(18, replaced["hp"]!.GetValue<int>());
        Assert.Equal(18, (await player.GetEntityAsync(campaign.Id, EntityKinds.Characters, characterId))["hp"]!.GetValue<int>());
        Assert.Equal([characterId], (await player.ListEntitiesAsync(campaign.Id, EntityKinds.Characters)).Select(c => c["id"]!.GetValue<string>()));
        Assert.Single(await gm.ListEntitiesAsync(campaign.Id, EntityKinds.Items, includeDeleted: true));

        var session = await gm.CreateSessionAsync(campaign.Id);
        Assert.Equal("1", session.StateVersion);
        var state = await player.GetStateAsync(session.SessionId);
        Assert.Equal("1", state["stateVersion"]!.GetValue<string>());
        Assert.Equal(18, state["characters"]![0]!["hp"]!.GetValue<int>());
        Assert.Equal("rope", state["items"]![0]!["id"]!.GetValue<string>());

        // A PUT of an entity a live session holds is a system update: it shows in the updates since version 1.
        await gm.ReplaceEntityAsync(campaign.Id, EntityKinds.Characters, characterId, new JsonObject { ["id"] = characterId, ["name"] = "Aria", ["hp"] = 12 });
        var updates = await player.GetUpdatesSinceAsync(session.SessionId, 1);
        var update = Assert.Single(updates);
        Assert.Equal(("1", "2", UpdateSources.System), (update.PreviousVersion, update.NewVersion, update.Source));
        Assert.Null(update.RevertedTo);
        Assert.Equal(12, (await gm.GetStateAsync(session.SessionId))["characters"]![0]!["hp"]!.GetValue<int>());
    }

    [Fact]
    public async Task Refusals_are_typed_exceptions_with_the_contracts_code_and_change_nothing()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var anonymous = new GameStateRestClient(fixture.Gateway.Address);
        using var gm = GameStateRestClient.WithToken(fixture.Gateway.Address, await anonymous.CreateDevTokenAsync($"gm-{tag}"));
        using var stranger = GameStateRestClient.WithToken(fixture.Gateway.Address, await anonymous.CreateDevTokenAsync($"stranger-{tag}"));
        var campaign = await gm.CreateCampaignAsync("refusals");

        var forbidden = await Assert.ThrowsAsync<GameStateApiException>(() =>
            stranger.CreateEntityAsync(campaign.Id, EntityKinds.Characters, new JsonObject { ["id"] = "c1" }));
        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied), (forbidden.StatusCode, forbidden.Code));

        var badKind = await Assert.ThrowsAsync<GameStateApiException>(() => gm.ListEntitiesAsync(campaign.Id, "dragons"));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationError), (badKind.StatusCode, badKind.Code));
        Assert.Contains("dragons", badKind.ServerMessage, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<GameStateApiException>(() => gm.GetEntityAsync(campaign.Id, EntityKinds.Characters, "nobody"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var unauthenticated = await Assert.ThrowsAsync<GameStateApiException>(() => anonymous.CreateCampaignAsync("no token"));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

        Assert.Empty(await gm.ListEntitiesAsync(campaign.Id, EntityKinds.Characters, includeDeleted: true));
    }
}
