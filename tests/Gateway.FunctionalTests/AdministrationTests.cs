using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Orleans.GameState.Contract;

using static Orleans.GameState.Gateway.FunctionalTests.HttpAnswers;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>Campaign administration (docs/history-and-admin.md) through REST and the hub, on two gateways.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AdministrationTests(GatewayFixture fixture)
{
    private GatewayServer Gateway => fixture.Gateway;

    [Fact]
    public async Task Campaigns_are_listed_with_the_callers_role_and_described_with_members_and_sessions()
    {
        var (gm, player, campaignId, sessionId) = await CampaignAsync("list");
        using var stranger = await Gateway.HttpAsAsync($"list-stranger-{Guid.NewGuid():N}");

        var gmList = await ReadAsync(await gm.GetAsync("/api/campaigns"), HttpStatusCode.OK);
        var playerList = await ReadAsync(await player.GetAsync("/api/campaigns"), HttpStatusCode.OK);
        var strangerList = await ReadAsync(await stranger.GetAsync("/api/campaigns"), HttpStatusCode.OK);
        var description = await ReadAsync(await player.GetAsync($"/api/campaigns/{campaignId}"), HttpStatusCode.OK);

        var gmEntry = Assert.Single(gmList.EnumerateArray());
        Assert.Equal((campaignId, "list", "gm"), (gmEntry.GetProperty("id").GetString(), gmEntry.GetProperty("name").GetString(), gmEntry.GetProperty("role").GetString()));
        Assert.Equal("player", Assert.Single(playerList.EnumerateArray()).GetProperty("role").GetString());
        Assert.Empty(strangerList.EnumerateArray());
        Assert.Equal([PlayerOf(player)], description.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        var session = Assert.Single(description.GetProperty("sessions").EnumerateArray());
        Assert.Equal((sessionId, "1", false), (session.GetProperty("sessionId").GetString(), session.GetProperty("stateVersion").GetString(), session.GetProperty("ended").GetBoolean()));
        Assert.True(session.GetProperty("createdAt").GetInt64() > 1_700_000_000_000);
        await ExpectAsync(await stranger.GetAsync($"/api/campaigns/{campaignId}"), HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied);
        await ExpectAsync(await gm.GetAsync($"/api/campaigns/c-{Guid.NewGuid():N}"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_removed_player_is_told_at_once_on_every_gateway_gets_nothing_more_and_cannot_come_back()
    {
        var (gm, player, campaignId, sessionId) = await CampaignAsync("remove");
        var playerId = PlayerOf(player);
        await using var gmHub = await RecordingHubClient.ConnectAsync(Gateway, GmOf(gm));
        await using var first = await RecordingHubClient.ConnectAsync(Gateway, playerId);
        await using var second = await RecordingHubClient.ConnectAsync(fixture.SecondGateway, playerId);
        var removed = new ConcurrentQueue<(string Gateway, string SessionId, DateTime At)>();
        first.Connection.On<JsonElement>(HubProtocol.Events.Removed, e => removed.Enqueue(("first", e.GetProperty("sessionId").GetString()!, DateTime.UtcNow)));
        second.Connection.On<JsonElement>(HubProtocol.Events.Removed, e => removed.Enqueue(("second", e.GetProperty("sessionId").GetString()!, DateTime.UtcNow)));
        await gmHub.JoinAsync(sessionId);
        Assert.True((await first.JoinAsync(sessionId)).GetProperty("success").GetBoolean());
        Assert.True((await second.JoinAsync(sessionId)).GetProperty("success").GetBoolean());

        // The removal takes effect when the session stores the new member list, before the DELETE is answered; the
        // events must follow within a second of that answer (the call itself writes the campaign, every session's
        // member list and the index, which under this shared machine's load can take longer than the event does).
        using (var deleted = await gm.DeleteAsync($"/api/campaigns/{campaignId}/members/{playerId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var answered = DateTime.UtcNow;
        Assert.True(SpinWait.SpinUntil(() => removed.Count >= 2, TimeSpan.FromSeconds(1)), $"removed events: {removed.Count}");
        Assert.Equal([sessionId, sessionId], removed.Select(r => r.SessionId));
        Assert.Equal(["first", "second"], removed.Select(r => r.Gateway).Order());
        Assert.All(removed, r => Assert.True(r.At - answered < TimeSpan.FromSeconds(1), $"{r.Gateway}: {r.At - answered} after the answer"));

        var update = await gmHub.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(sessionId, 1, Ops.Set("pluginData.after", true)));
        Assert.True(update.GetProperty("success").GetBoolean());
        Assert.True(await gmHub.WaitUntilAsync(c => !c.Updated.IsEmpty));
        await Task.Delay(300);
        Assert.Empty(first.Updated);
        Assert.Empty(second.Updated);

        Assert.Equal(ErrorCodes.PermissionDenied, ErrorCode(await first.JoinAsync(sessionId)));
        Assert.Equal(ErrorCodes.PermissionDenied, ErrorCode(await second.JoinAsync(sessionId)));
        Assert.Equal(ErrorCodes.PermissionDenied, ErrorCode(await second.InvokeAsync(HubProtocol.Methods.RequestFull, sessionId)));
        await ExpectAsync(await player.GetAsync($"/api/sessions/{sessionId}/state"), HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied);
        await ExpectAsync(await player.GetAsync($"/api/campaigns/{campaignId}"), HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied);
        Assert.Empty((await ReadAsync(await player.GetAsync("/api/campaigns"), HttpStatusCode.OK)).EnumerateArray());
        await ExpectAsync(await gm.DeleteAsync($"/api/campaigns/{campaignId}/members/{playerId}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ExpectAsync(await player.DeleteAsync($"/api/campaigns/{campaignId}/members/{GmOf(gm)}"), HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied);
    }

    [Fact]
    public async Task An_ended_session_refuses_every_change_with_session_ended_and_still_serves_reads()
    {
        var (gm, player, campaignId, sessionId) = await CampaignAsync("end");
        await using var gmHub = await RecordingHubClient.ConnectAsync(Gateway, GmOf(gm));
        await using var playerHub = await RecordingHubClient.ConnectAsync(fixture.SecondGateway, PlayerOf(player));
        await gmHub.JoinAsync(sessionId);
        Assert.True((await gmHub.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(sessionId, 1, Ops.Inc("characters.0.hp", -2)))).GetProperty("success").GetBoolean());

        await ExpectAsync(await player.PostAsync($"/api/sessions/{sessionId}/end", null), HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied);
        var ended = await ReadAsync(await gm.PostAsync($"/api/sessions/{sessionId}/end", null), HttpStatusCode.OK);
        var again = await ReadAsync(await gm.PostAsync($"/api/sessions/{sessionId}/end", null), HttpStatusCode.OK);
        Assert.Equal((sessionId, "2", true), (ended.GetProperty("sessionId").GetString(), ended.GetProperty("stateVersion").GetString(), ended.GetProperty("ended").GetBoolean()));
        Assert.Equal(ended.GetRawText(), again.GetRawText());

        Assert.Equal(ErrorCodes.SessionEnded, ErrorCode(await gmHub.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(sessionId, 2, Ops.Set("pluginData.x", 1)))));
        Assert.Equal(ErrorCodes.SessionEnded, ErrorCode(await gmHub.InvokeAsync(HubProtocol.Methods.Revert, HistoryTests.Revert(sessionId, "r", 2, 1))));
        using (var put = await gm.PutAsJsonAsync($"/api/campaigns/{campaignId}/characters/hero", new { id = "hero", name = "Renamed", hp = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var delete = await gm.DeleteAsync($"/api/campaigns/{campaignId}/characters/hero"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var join = await playerHub.JoinAsync(sessionId);
        Assert.True(join.GetProperty("success").GetBoolean());
        var state = join.GetProperty("gameState");
        Assert.Equal(("2", "Aria", 8), (state.GetProperty("stateVersion").GetString(), state.GetProperty("characters")[0].GetProperty("name").GetString(),
            state.GetProperty("characters")[0].GetProperty("hp").GetInt32()));
        Assert.Single((await ReadAsync(await player.GetAsync($"/api/sessions/{sessionId}/updates?since=1"), HttpStatusCode.OK)).GetProperty("updates").EnumerateArray());
        var description = await ReadAsync(await gm.GetAsync($"/api/campaigns/{campaignId}"), HttpStatusCode.OK);
        Assert.True(Assert.Single(description.GetProperty("sessions").EnumerateArray()).GetProperty("ended").GetBoolean());

        // Ended is stored: a fresh activation still refuses.
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(ErrorCodes.SessionEnded, ErrorCode(await gmHub.InvokeAsync(HubProtocol.Methods.Update, Ops.Update(sessionId, 2, Ops.Set("pluginData.x", 1)))));
    }

    [Fact]
    public async Task Deleting_an_entity_marks_it_deleted_and_removes_it_from_live_sessions_with_one_system_update()
    {
        var (gm, player, campaignId, sessionId) = await CampaignAsync("delete");
        await using var playerHub = await RecordingHubClient.ConnectAsync(Gateway, PlayerOf(player));
        await playerHub.JoinAsync(sessionId);

        await ExpectAsync(await player.DeleteAsync($"/api/campaigns/{campaignId}/characters/hero"), HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied);
        await ExpectAsync(await gm.DeleteAsync($"/api/campaigns/{campaignId}/characters/nobody"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ExpectAsync(await gm.DeleteAsync($"/api/campaigns/{campaignId}/spells/hero"), HttpStatusCode.BadRequest, ErrorCodes.ValidationError);
        using (var deleted = await gm.DeleteAsync($"/api/campaigns/{campaignId}/characters/hero"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.True(await playerHub.WaitUntilAsync(c => !c.Updated.IsEmpty));
        var update = Assert.Single(playerHub.Updated);
        Assert.Equal("system", update.GetProperty("source").GetString());
        var operation = Assert.Single(update.GetProperty("operations").EnumerateArray());
        Assert.Equal(("characters.0", "unset", "hero"), (operation.GetProperty("path").GetString(), operation.GetProperty("operation").GetString(),
            operation.GetProperty("previous").GetProperty("id").GetString()));
        var state = await ReadAsync(await player.GetAsync($"/api/sessions/{sessionId}/state"), HttpStatusCode.OK);
        Assert.Empty(state.GetProperty("gameState").GetProperty("characters").EnumerateArray());
        var stored = await ReadAsync(await player.GetAsync($"/api/campaigns/{campaignId}/characters/hero"), HttpStatusCode.OK);
        Assert.True(stored.GetProperty("deleted").GetBoolean());
        Assert.Empty((await ReadAsync(await player.GetAsync($"/api/campaigns/{campaignId}/characters"), HttpStatusCode.OK)).EnumerateArray());

        // Deleting again changes nothing in the session.
        using (var again = await gm.DeleteAsync($"/api/campaigns/{campaignId}/characters/hero"))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }

        await Task.Delay(300);
        Assert.Single(playerHub.Updated);
    }

    /// <summary>A campaign with its GM, one player, a character "hero" (Aria, 10 hp) and one session at version 1.</summary>
    private async Task<(HttpClient Gm, HttpClient Player, string CampaignId, string SessionId)> CampaignAsync(string name)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var gm = await Gateway.HttpAsAsync($"{name}-gm-{suffix}");
        var player = await Gateway.HttpAsAsync($"{name}-player-{suffix}");
        var campaignId = (await ReadAsync(await gm.PostAsJsonAsync("/api/campaigns", new { name }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        (await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/members", new { userId = $"{name}-player-{suffix}" })).Dispose();
        (await gm.PostAsJsonAsync($"/api/campaigns/{campaignId}/characters", new { id = "hero", name = "Aria", hp = 10 })).Dispose();
        var sessionId = (await ReadAsync(await gm.PostAsync($"/api/campaigns/{campaignId}/sessions", null), HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;
        gm.DefaultRequestHeaders.Add("x-test-user", $"{name}-gm-{suffix}");
        player.DefaultRequestHeaders.Add("x-test-user", $"{name}-player-{suffix}");
        return (gm, player, campaignId, sessionId);
    }

    private static string GmOf(HttpClient gm) => gm.DefaultRequestHeaders.GetValues("x-test-user").Single();

    private static string PlayerOf(HttpClient player) => player.DefaultRequestHeaders.GetValues("x-test-user").Single();
}
