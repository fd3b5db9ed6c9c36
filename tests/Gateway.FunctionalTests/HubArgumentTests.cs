using System.Text.Json.Nodes;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>
/// Wrongly typed hub arguments get the contract's answer, <c>{success: false, error: {VALIDATION_ERROR, message naming
/// the field}}</c>, not a failed invocation; and versions are parsed as strictly as the engine parses them.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HubArgumentTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("version", "2", "version")]
    [InlineData("id", "5", "id")]
    [InlineData("sessionId", "5", "sessionId")]
    [InlineData("source", "1", "source")]
    [InlineData("timestamp", "\"now\"", "timestamp")]
    [InlineData("timestamp", "\"123\"", "timestamp")]
    [InlineData("timestamp", "1.5", "timestamp")]
    [InlineData("timestamp", "null", "timestamp")]
    [InlineData("operations", "{}", "operations")]
    [InlineData("operations", "[{\"path\": 5, \"operation\": \"set\", \"value\": 1}]", "operations[0].path")]
    [InlineData("operations", "[{\"path\": \"pluginData.x\", \"operation\": [], \"value\": 1}]", "operations[0].operation")]
    [InlineData("operations", "[5]", "operations[0]")]
    public async Task A_wrongly_typed_update_field_is_a_validation_error_naming_it(string field, string value, string name)
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(fixture.Gateway, SessionScenario.Gm);

        var response = await gm.InvokeAsync(HubProtocol.Methods.Update, UpdateWith(session.SessionId, (field, value)));

        AssertValidationError(response, name);
        Assert.Equal(1, await session.VersionAsync());
    }

    [Theory]
    [InlineData("\"an update\"")]
    [InlineData("[1]")]
    [InlineData("7")]
    [InlineData("null")]
    public async Task An_update_that_is_not_an_object_is_a_validation_error(string argument)
    {
        await using var gm = await RecordingHubClient.ConnectAsync(fixture.Gateway, SessionScenario.Gm);

        var response = await gm.InvokeAsync(HubProtocol.Methods.Update, Json(argument));

        Assert.False(response.GetProperty("success").GetBoolean());
        Assert.Equal(ErrorCodes.ValidationError, response.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_wrongly_typed_update_is_reported_to_the_gms_joined_connections_too()
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var gm = await RecordingHubClient.ConnectAsync(fixture.Gateway, SessionScenario.Gm);
        await using var player = await RecordingHubClient.ConnectAsync(fixture.Gateway, SessionScenario.Player);
        await gm.JoinAsync(session.SessionId);
        await player.JoinAsync(session.SessionId);

        var response = await gm.InvokeAsync(HubProtocol.Methods.Update, UpdateWith(session.SessionId, ("version", "1"), ("id", "\"typed-1\"")));

        AssertValidationError(response, "version");
        Assert.True(await gm.WaitUntilAsync(c => !c.Errors.IsEmpty));
        var error = Assert.Single(gm.Errors);
        Assert.Equal((session.SessionId, "typed-1", ErrorCodes.ValidationError),
            (error.GetProperty("sessionId").GetString(), error.GetProperty("updateId").GetString(), error.GetProperty("error").GetProperty("code").GetString()));
        Assert.Empty(player.Errors);
    }

    [Theory]
    [InlineData(HubProtocol.Methods.Join, "5", "sessionId")]
    [InlineData(HubProtocol.Methods.Join, "{}", "sessionId")]
    [InlineData(HubProtocol.Methods.Leave, "5", "sessionId")]
    [InlineData(HubProtocol.Methods.RequestFull, "[\"s\"]", "sessionId")]
    public async Task A_session_id_that_is_not_a_string_is_a_validation_error(string method, string argument, string name)
    {
        await using var player = await RecordingHubClient.ConnectAsync(fixture.Gateway, SessionScenario.Player);

        var response = await player.InvokeAsync(method, Json(argument));

        AssertValidationError(response, name);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"01\"")]
    [InlineData("\"+1\"")]
    [InlineData("\" 1\"")]
    [InlineData("null")]
    public async Task RequestSince_takes_only_canonical_version_strings(string version)
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        await using var player = await RecordingHubClient.ConnectAsync(fixture.Gateway, SessionScenario.Player);

        var response = await player.InvokeAsync(HubProtocol.Methods.RequestSince, session.SessionId, Json(version));
        var canonical = await player.InvokeAsync(HubProtocol.Methods.RequestSince, session.SessionId, "1");

        AssertValidationError(response, "version");
        Assert.True(canonical.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task A_session_id_that_is_not_a_string_in_requestSince_is_a_validation_error()
    {
        await using var player = await RecordingHubClient.ConnectAsync(fixture.Gateway, SessionScenario.Player);

        var response = await player.InvokeAsync(HubProtocol.Methods.RequestSince, Json("5"), "1");

        AssertValidationError(response, "sessionId");
    }

    [Theory]
    [InlineData("""{"path":"pluginData.x","operation":"set","value":"\ud800"}""", "operations[0].value")]
    [InlineData("""{"path":"pluginData.x","operation":"set","value":{"\udc00":1}}""", "operations[0].value")]
    [InlineData("""{"path":"pluginData.\ud800","operation":"set","value":1}""", "operations[0].path")]
    public async Task Text_that_is_not_unicode_is_a_validation_error_not_a_storage_failure(string operation, string field)
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        using var gm = await RawHubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));

        var response = await gm.InvokeAsync(HubProtocol.Methods.Update, UpdateText(session.SessionId, "operations", $"[{operation}]"));

        AssertValidationError(response, field);
        Assert.Equal(1, await session.VersionAsync());
    }

    [Theory]
    [InlineData("id", "\"a\\u0000b\"")]
    [InlineData("id", "\"\\ud800\"")]
    [InlineData("sessionId", "\"s\\u0000\"")]
    public async Task Ids_the_server_could_not_store_are_validation_errors(string field, string value)
    {
        var session = await SessionScenario.CreateAsync(fixture.Cluster.Client);
        using var gm = await RawHubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Gm));

        var response = await gm.InvokeAsync(HubProtocol.Methods.Update, UpdateText(session.SessionId, field, value));

        Assert.False(response.GetProperty("success").GetBoolean(), response.ToString());
        Assert.Equal(ErrorCodes.ValidationError, response.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, await session.VersionAsync());
    }

    [Theory]
    [InlineData(HubProtocol.Methods.Join)]
    [InlineData(HubProtocol.Methods.RequestFull)]
    public async Task A_session_id_that_is_not_unicode_or_holds_nul_is_a_validation_error(string method)
    {
        using var player = await RawHubSocket.ConnectAsync(fixture.Gateway, await fixture.Gateway.TokenAsync(SessionScenario.Player));

        AssertValidationError(await player.InvokeAsync(method, """["\ud800"]"""), "sessionId");
        AssertValidationError(await player.InvokeAsync(method, """["s-\u0000"]"""), "sessionId");
    }

    /// <summary>
    /// The arguments (as JSON text) of a valid update of the session at version 1 with one field's JSON text replaced as
    /// is: no SignalR client library would send an escaped lone surrogate.
    /// </summary>
    private static string UpdateText(string sessionId, string field, string json)
    {
        var fields = new Dictionary<string, string>
        {
            ["id"] = $"\"u-{Guid.NewGuid():N}\"",
            ["sessionId"] = $"\"{sessionId}\"",
            ["version"] = "\"1\"",
            ["timestamp"] = "1",
            ["source"] = "\"gm\"",
            ["operations"] = """[{"path": "pluginData.x", "operation": "set", "value": 1}]""",
        };
        fields[field] = json;
        return "[{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}]";
    }

    /// <summary>A valid update of the session at version 1, with the given fields replaced by the given JSON.</summary>
    private static JsonElement UpdateWith(string sessionId, params (string Field, string Json)[] replacements)
    {
        var update = new JsonObject
        {
            ["id"] = $"u-{Guid.NewGuid():N}",
            ["sessionId"] = sessionId,
            ["version"] = "1",
            ["timestamp"] = 1,
            ["source"] = "gm",
            ["operations"] = JsonNode.Parse("""[{"path": "pluginData.x", "operation": "set", "value": 1}]"""),
        };
        foreach (var (field, json) in replacements)
        {
            update[field] = JsonNode.Parse(json);
        }

        return Json(update.ToJsonString());
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static void AssertValidationError(JsonElement response, string field)
    {
        Assert.False(response.GetProperty("success").GetBoolean(), response.ToString());
        var error = response.GetProperty("error");
        Assert.Equal(ErrorCodes.ValidationError, error.GetProperty("code").GetString());
        Assert.StartsWith(field + ":", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
