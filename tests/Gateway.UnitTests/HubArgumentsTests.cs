using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Gateway.Hubs;

namespace Orleans.GameState.Gateway.UnitTests;

/// <summary>Hub arguments arrive as any JSON at all: each wrong one becomes a VALIDATION_ERROR naming the field.</summary>
public sealed class HubArgumentsTests
{
    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public void A_session_id_string_is_read()
    {
        Assert.True(HubArguments.TryReadSessionId(Json("\"s-1\""), IdRule.Default, out var sessionId, out _));
        Assert.Equal("s-1", sessionId);
    }

    [Theory]
    [InlineData("5", "sessionId: must be a string.")]
    [InlineData("{}", "sessionId: must be a string.")]
    public void A_session_id_of_another_type_is_refused_by_name(string json, string message)
    {
        Assert.False(HubArguments.TryReadSessionId(Json(json), IdRule.Default, out _, out var error));
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"a\\u0000b\"")]
    [InlineData("\"   \"")]
    public void A_missing_empty_or_unstorable_session_id_is_refused(string json)
    {
        Assert.False(HubArguments.TryReadSessionId(Json(json), IdRule.Default, out _, out var error));
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        Assert.Contains("sessionId", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"0\"", 0)]
    [InlineData("\"1\"", 1)]
    [InlineData("\"1234567\"", 1234567)]
    public void A_canonical_version_string_is_read(string json, long expected)
    {
        Assert.True(HubArguments.TryReadVersion(Json(json), out var version, out _));
        Assert.Equal(expected, version);
    }

    [Theory]
    [InlineData("\"01\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"1.0\"")]
    [InlineData("2")]
    [InlineData("null")]
    public void Any_other_version_is_refused(string json)
    {
        Assert.False(HubArguments.TryReadVersion(Json(json), out _, out var error));
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
    }

    [Fact]
    public void An_update_with_the_contract_types_is_read()
    {
        var json = Json("""{"id":"u1","sessionId":"s1","version":"3","operations":[{"path":"pluginData.x","operation":"set","value":1}],"timestamp":5,"source":"gm"}""");

        Assert.True(HubArguments.TryReadUpdate(json, IdRule.Default, out var update, out _));
        Assert.Equal("u1", update.Id);
        Assert.Equal("3", update.Version);
        Assert.Single(update.Operations!);
    }

    [Theory]
    [InlineData("""{"id":"u1","sessionId":"s1","version":2,"operations":[],"timestamp":5,"source":"gm"}""", "version: ")]
    [InlineData("""{"id":"u1","sessionId":"s1","version":"2","operations":{},"timestamp":5,"source":"gm"}""", "operations")]
    [InlineData("""{"id":"u1","sessionId":"s1","version":"2","operations":[],"timestamp":"now","source":"gm"}""", "timestamp")]
    public void An_update_field_of_the_wrong_type_is_refused_by_name(string json, string expected)
    {
        Assert.False(HubArguments.TryReadUpdate(Json(json), IdRule.Default, out _, out var error));
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_target_of_a_malformed_update_is_still_found_to_report_it()
    {
        Assert.Equal(("s1", "u1"), HubArguments.Target(Json("""{"id":"u1","sessionId":"s1","version":2}""")));
        Assert.Equal((null, null), HubArguments.Target(Json("[1]")));
        Assert.Equal(("s1", null), HubArguments.Target(Json("""{"id":7,"sessionId":"s1"}""")));
    }
}
