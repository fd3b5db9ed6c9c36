using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>Every id, on the hub and over REST, follows one rule: non-blank, at most Limits:MaxIdLength (256) characters.</summary>
[Collection(HardeningCollection.Name)]
public sealed class IdRuleTests(HardeningFixture fixture)
{
    /// <summary>Blank ids as the issue found them (space, tab, newline, U+00A0, U+2003, U+3000), the empty one, and invisible ones.</summary>
    public static TheoryData<string> BlankIds => new() { " ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "", "\u200b", "\ufeff" };

    [Theory]
    [MemberData(nameof(BlankIds))]
    public async Task Blank_session_ids_are_a_validation_error_on_every_hub_method(string id)
    {
        await using var hub = await HubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));
        var json = JsonSerializer.Serialize(id);

        Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.Join, $"[{json}]"), ErrorCodes.ValidationError);
        Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.Leave, $"[{json}]"), ErrorCodes.ValidationError);
        Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.RequestFull, $"[{json}]"), ErrorCodes.ValidationError);
        Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.RequestSince, $"[{json}, \"1\"]"), ErrorCodes.ValidationError);
        Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{UpdateJson(json, "\"u-1\"")}]"), ErrorCodes.ValidationError);
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains("whitespace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_ids_and_session_ids_are_bounded_and_nothing_changes()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var hub = await HubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));
        var sessionJson = JsonSerializer.Serialize(session.SessionId);

        var tooLong = Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{UpdateJson(sessionJson, JsonSerializer.Serialize(new string('u', 70_000)))}]"), ErrorCodes.ValidationError);
        Assert.Contains("id: must be at most 256 characters", tooLong.GetProperty("message").GetString(), StringComparison.Ordinal);
        Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{UpdateJson(sessionJson, "\" \\u3000 \"")}]"), ErrorCodes.ValidationError);
        Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.RequestFull, $"[\"{new string('s', 257)}\"]"), ErrorCodes.ValidationError);
        Assert.Equal(1, await session.VersionAsync());

        // 256 characters is still an id.
        var longest = await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{UpdateJson(sessionJson, JsonSerializer.Serialize(new string('u', 256)))}]");
        Assert.True(longest.GetProperty("result").GetProperty("success").GetBoolean(), longest.ToString());
        Assert.Equal(2, await session.VersionAsync());
    }

    [Fact]
    public async Task Entity_ids_inside_an_update_follow_the_same_rule_and_nothing_changes()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var hub = await HubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));
        var sessionJson = JsonSerializer.Serialize(session.SessionId);
        var before = (await session.StateAsync()).GetRawText();
        var blankPush = """[{"path":"actors","operation":"push","value":{"id":"\u3000 "}}]""";
        var longToken = $$$"""[{"path":"currentEncounter","operation":"set","value":{"encounter":{"id":"e1"},"map":null,"tokens":[{"id":"{{{new string('t', 257)}}}"}]}}]""";
        var longestPush = $$$"""[{"path":"actors","operation":"push","value":{"id":"{{{new string('a', 256)}}}"}}]""";

        var blank = Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{UpdateJson(sessionJson, "\"e-1\"", operations: blankPush)}]"), ErrorCodes.ValidationError);
        var nested = Expect.Refused(await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{UpdateJson(sessionJson, "\"e-2\"", operations: longToken)}]"), ErrorCodes.ValidationError);

        Assert.Equal("actors.1.id: required, a non-blank string.", blank.GetProperty("message").GetString());
        Assert.Equal("currentEncounter.tokens.0.id: must be at most 256 characters (got 257).", nested.GetProperty("message").GetString());
        Assert.Equal(before, (await session.StateAsync()).GetRawText());

        // The longest id is still an id.
        var longest = await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{UpdateJson(sessionJson, "\"e-3\"", operations: longestPush)}]");
        Assert.True(longest.GetProperty("result").GetProperty("success").GetBoolean(), longest.ToString());
        Assert.Equal(2, await session.VersionAsync());
    }

    [Theory]
    [InlineData("GET", "/api/sessions/%20/state")]
    [InlineData("GET", "/api/sessions/%E3%80%80/updates?since=1")]
    [InlineData("GET", "/api/campaigns/%09/items")]
    [InlineData("GET", "/api/campaigns/%C2%A0/items/i1")]
    [InlineData("POST", "/api/campaigns/%0D%0A/sessions")]
    [InlineData("POST", "/api/campaigns/%E2%80%83/members")]
    [InlineData("GET", "/api/campaigns/c1/items/%20%20")]
    [InlineData("PUT", "/api/campaigns/c1/items/%E2%80%8B")]
    public async Task Blank_ids_in_routes_are_a_400_with_the_error_body(string method, string path)
    {
        using var http = await fixture.Gateway.HttpAsAsync(SessionScenario.Gm);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "GET" ? null : new StringContent("""{"id":"i1","userId":"p"}""", Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request);

        var error = await Expect.ErrorAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationError);
        Assert.Contains("required, a non-blank string", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_over_the_limit_are_refused_in_routes_bodies_and_queries()
    {
        using var http = await fixture.Gateway.HttpAsAsync(SessionScenario.Gm);
        var campaign = await CreateCampaignAsync(http);
        var longId = new string('x', 257);

        using var route = await http.GetAsync($"/api/sessions/{longId}/state");
        await Expect.ErrorAsync(route, HttpStatusCode.BadRequest, ErrorCodes.ValidationError);
        using var entity = await http.PostAsJsonAsync($"/api/campaigns/{campaign}/items", new { id = longId });
        await Expect.ErrorAsync(entity, HttpStatusCode.BadRequest, ErrorCodes.ValidationError);
        using var blankEntity = await http.PostAsJsonAsync($"/api/campaigns/{campaign}/items", new { id = "\u3000" });
        await Expect.ErrorAsync(blankEntity, HttpStatusCode.BadRequest, ErrorCodes.ValidationError);
        using var member = await http.PostAsJsonAsync($"/api/campaigns/{campaign}/members", new { userId = "\t" });
        await Expect.ErrorAsync(member, HttpStatusCode.BadRequest, ErrorCodes.ValidationError);
        using var viewAs = await http.GetAsync("/api/sessions/s-1/state?as=%20");
        await Expect.ErrorAsync(viewAs, HttpStatusCode.BadRequest, ErrorCodes.ValidationError);

        using var items = await http.GetFromJsonAsync<JsonDocument>($"/api/campaigns/{campaign}/items");
        Assert.Equal(0, items!.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_route_id_of_256_characters_reaches_the_endpoint()
    {
        using var http = await fixture.Gateway.HttpAsAsync(SessionScenario.Gm);
        using var response = await http.GetAsync($"/api/sessions/{new string('s', 256)}/state");

        await Expect.ErrorAsync(response, HttpStatusCode.NotFound, ErrorCodes.SessionNotFound);
    }

    internal static async Task<string> CreateCampaignAsync(HttpClient http)
    {
        using var created = await http.PostAsJsonAsync("/api/campaigns", new { name = "Hardening" });
        created.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>An update at version 1 (setting one plugin value unless <paramref name="operations"/> says otherwise), with the given JSON for its session id and id.</summary>
    internal static string UpdateJson(
        string sessionIdJson, string idJson, string version = "\"1\"", string timestamp = ",\"timestamp\":1764000000000",
        string operations = """[{"path":"pluginData.x","operation":"set","value":1}]""") =>
        $$"""{"id":{{idJson}},"sessionId":{{sessionIdJson}},"version":{{version}},"operations":{{operations}},"source":"gm"{{timestamp}}}""";
}
