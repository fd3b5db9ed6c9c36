using System.Net;
using System.Text.Json.Nodes;
using Orleans.GameState.Client.Rest;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>The SDK's <see cref="GameStateRestClient"/> against the real gateway: every call of docs/api.md section 3, and its errors.</summary>
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

    [Fact]
    public async Task The_rest_client_covers_campaign_administration_history_and_player_views()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (gmId, p1, p2) = ($"gm-{tag}", $"p1-{tag}", $"p2-{tag}");
        using var anonymous = new GameStateRestClient(fixture.Gateway.Address);
        using var gm = GameStateRestClient.WithToken(fixture.Gateway.Address, await anonymous.CreateDevTokenAsync(gmId));
        using var player1 = GameStateRestClient.WithToken(fixture.Gateway.Address, await anonymous.CreateDevTokenAsync(p1));
        using var player2 = GameStateRestClient.WithToken(fixture.Gateway.Address, await anonymous.CreateDevTokenAsync(p2));
        var campaign = await gm.CreateCampaignAsync("administration");
        await gm.AddMemberAsync(campaign.Id, p1);
        await gm.AddMemberAsync(campaign.Id, p2);
        await gm.CreateEntityAsync(campaign.Id, EntityKinds.Characters, new JsonObject { ["id"] = "aria", ["hp"] = 20 });
        await gm.CreateEntityAsync(campaign.Id, EntityKinds.Characters, new JsonObject { ["id"] = "spy", ["visibility"] = "gm" });
        var session = await gm.CreateSessionAsync(campaign.Id);

        Assert.Contains(new CampaignSummary(campaign.Id, "administration", gmId, "gm"), await gm.ListCampaignsAsync());
        Assert.Contains(new CampaignSummary(campaign.Id, "administration", gmId, "player"), await player1.ListCampaignsAsync());
        var details = await player1.GetCampaignAsync(campaign.Id);
        Assert.Equal([p1, p2], details.Members.Order(StringComparer.Ordinal));
        var listed = Assert.Single(details.Sessions);
        Assert.Equal((session.SessionId, "1", false), (listed.SessionId, listed.StateVersion, listed.Ended));

        // Player views (section 7) and history (section 8).
        Assert.Equal(["aria"], (await gm.GetStateAsync(session.SessionId, asUserId: p1))["characters"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        await gm.ReplaceEntityAsync(campaign.Id, EntityKinds.Characters, "aria", new JsonObject { ["id"] = "aria", ["hp"] = 7 });
        Assert.Equal(20, (await player1.GetStateAsync(session.SessionId, atVersion: 1))["characters"]![0]!["hp"]!.GetValue<int>());
        Assert.Equal(7, (await player1.GetStateAsync(session.SessionId))["characters"]![0]!["hp"]!.GetValue<int>());
        var future = await Assert.ThrowsAsync<GameStateApiException>(() => gm.GetStateAsync(session.SessionId, atVersion: 99));
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        await Assert.ThrowsAsync<ArgumentException>(() => gm.GetStateAsync(session.SessionId, asUserId: p1, atVersion: 1));

        // Deleting an entity: marked deleted, and taken out of the live session.
        await gm.DeleteEntityAsync(campaign.Id, EntityKinds.Characters, "aria");
        Assert.True((await gm.GetEntityAsync(campaign.Id, EntityKinds.Characters, "aria"))["deleted"]!.GetValue<bool>());
        Assert.DoesNotContain((await gm.GetStateAsync(session.SessionId))["characters"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "aria");
        var again = await Assert.ThrowsAsync<GameStateApiException>(() => gm.DeleteEntityAsync(campaign.Id, EntityKinds.Characters, "nobody"));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        // Removing a member: their reads are refused from then on.
        await gm.RemoveMemberAsync(campaign.Id, p2);
        Assert.Equal([p1], (await gm.GetCampaignAsync(campaign.Id)).Members);
        var removed = await Assert.ThrowsAsync<GameStateApiException>(() => player2.GetStateAsync(session.SessionId));
        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied), (removed.StatusCode, removed.Code));

        // Ending the session: idempotent, and the campaign says so.
        var ended = await gm.EndSessionAsync(session.SessionId);
        Assert.Equal(new EndedSession(session.SessionId, ended.StateVersion, true), ended);
        Assert.Equal(ended, await gm.EndSessionAsync(session.SessionId));
        Assert.True(Assert.Single((await gm.GetCampaignAsync(campaign.Id)).Sessions).Ended);
        Assert.Equal(ended.StateVersion, (await player1.GetStateAsync(session.SessionId))["stateVersion"]!.GetValue<string>());
    }
}
