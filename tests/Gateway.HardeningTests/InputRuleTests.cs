using System.Net;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>Bodies that are not UTF-8, versions beyond 64 bits, and the timestamp rule.</summary>
[Collection(HardeningCollection.Name)]
public sealed class InputRuleTests(HardeningFixture fixture)
{
    public static TheoryData<string> BadUtf8Bodies => new()
    {
        "7b226964223a22 c328ff 227d",     // {"id":"<c3 28 ff>"} as in the issue
        "7b226964223a2269 ed a080 227d",  // an encoded surrogate (CESU-8)
        "7b226964223a2269 c0af 227d",     // an overlong '/'
        "7b226964223a2269 f8 88 80 80 80 227d",
    };

    [Theory]
    [MemberData(nameof(BadUtf8Bodies))]
    public async Task A_body_that_is_not_UTF8_is_a_400_for_POST_and_PUT(string hex)
    {
        using var http = await fixture.Gateway.HttpAsAsync(SessionScenario.Gm);
        var campaign = await IdRuleTests.CreateCampaignAsync(http);
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        foreach (var (method, path) in new[] { (HttpMethod.Post, $"/api/campaigns/{campaign}/items"), (HttpMethod.Put, $"/api/campaigns/{campaign}/items/i1"), (HttpMethod.Post, "/api/campaigns") })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new("application/json");
            using var response = await http.SendAsync(request);
            var error = await Expect.ErrorAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationError);
            Assert.Contains("UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("18446744073709551616")]
    [InlineData("123456789012345678901234567890")]
    public async Task A_canonical_version_beyond_64_bits_is_a_version_conflict_with_the_current_version(string version)
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var hub = await HubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));

        var error = Expect.Refused(
            await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{IdRuleTests.UpdateJson(JsonSerializer.Serialize(session.SessionId), "\"u-big\"", $"\"{version}\"")}]"),
            ErrorCodes.VersionConflict);

        Assert.Equal("1", error.GetProperty("currentVersion").GetString());
        Assert.Equal(1, await session.VersionAsync());
    }

    [Theory]
    [InlineData("", "timestamp: required")]
    [InlineData(",\"timestamp\":null", "timestamp: must be")]
    [InlineData(",\"timestamp\":1.5", "timestamp: must be")]
    [InlineData(",\"timestamp\":\"1764000000000\"", "timestamp: must be")]
    [InlineData(",\"timestamp\":1e30", "timestamp: must be")]
    [InlineData(",\"Timestamp\":true", "timestamp: must be")]
    public async Task An_update_without_a_whole_number_timestamp_is_a_validation_error_and_changes_nothing(string timestamp, string message)
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(fixture.Gateway, SessionScenario.Gm);
        await gm.JoinAsync(session.SessionId);
        await using var hub = await HubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));

        var error = Expect.Refused(
            await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{IdRuleTests.UpdateJson(JsonSerializer.Serialize(session.SessionId), "\"u-ts\"", timestamp: timestamp)}]"),
            ErrorCodes.ValidationError);

        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await session.VersionAsync());
        Assert.Empty(gm.Updated);

        // The same update with a timestamp is then accepted under that id: the refusal recorded nothing.
        var accepted = await hub.InvokeAsync(HubProtocol.Methods.Update, $"[{IdRuleTests.UpdateJson(JsonSerializer.Serialize(session.SessionId), "\"u-ts\"")}]");
        Assert.Equal("2", accepted.GetProperty("result").GetProperty("newVersion").GetString());
    }

    /// <summary>The revert argument gets the id and timestamp rules from its field names, as an update does.</summary>
    [Theory]
    [InlineData("\"r-1\"", "", "timestamp: required")]
    [InlineData("\"r-1\"", ",\"timestamp\":2.5", "timestamp: must be")]
    [InlineData("\"\\u3000\"", ",\"timestamp\":1", "id: required")]
    [InlineData("\"\"", ",\"timestamp\":1", "id: required")]
    public async Task A_revert_follows_the_same_id_and_timestamp_rules(string idJson, string timestamp, string message)
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await session.ApplyAsync(Ops.Set("pluginData.x", 1));
        await using var hub = await HubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));

        var error = Expect.Refused(
            await hub.InvokeAsync(HubProtocol.Methods.Revert, $$"""[{"id":{{idJson}},"sessionId":{{JsonSerializer.Serialize(session.SessionId)}},"version":"2","toVersion":"1"{{timestamp}}}]"""),
            ErrorCodes.ValidationError);

        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await session.VersionAsync());
    }
}
