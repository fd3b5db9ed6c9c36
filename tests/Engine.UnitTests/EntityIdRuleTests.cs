using System.Text.Json.Nodes;
using Orleans.GameState.Configuration;
using Orleans.GameState.Contract;
using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

/// <summary>
/// Entity ids inside the state keep the entry points' <see cref="IdRule"/> (issue 16): whatever operation puts an
/// entity with a blank or over-long id into one of the four entity arrays (or an encounter or map id) is a
/// VALIDATION_ERROR that changes nothing. The limit here is 8 characters, from <see cref="StateLimits.MaxIdLength"/>.
/// </summary>
public sealed class EntityIdRuleTests
{
    private static readonly StateLimits Limits = new(MaxIdLength: 8);

    private static GameStateDocument Doc() => Sample(Limits);

    private const string Blank = "required, a non-blank string.";
    private const string TooLong = "must be at most 8 characters (got 9).";

    [Theory]
    [InlineData(" ")]
    [InlineData("\t\n")]
    [InlineData("\u00a0")]
    [InlineData("\u200b")]
    public void Setting_an_entity_id_to_blank_text_is_refused(string id)
    {
        Assert.Equal($"characters.0.id: {Blank}", Doc().ApplyFails(Set("characters.0.id", JsonValue.Create(id)!.ToJsonString())));
    }

    [Fact]
    public void Each_operation_that_puts_an_entity_is_checked()
    {
        Assert.Equal($"actors.1.id: {TooLong}", Doc().ApplyFails(Push("actors", """{"id":"123456789"}""")));
        Assert.Equal($"actors.0.id: {Blank}", Doc().ApplyFails(Set("actors.0", """{"id":"  ","kind":"orc"}""")));
        Assert.Equal($"items.1.id: {Blank}", Doc().ApplyFails(Set("items", """[{"id":"i1"},{"id":" "}]""")));
        Assert.Equal($"currentEncounter.tokens.2.id: {TooLong}", Doc().ApplyFails(Push("currentEncounter.tokens", """{"id":"123456789"}""")));
        Assert.Equal($"characters.1.id: {TooLong}", Doc().ApplyFails(Set("characters.1.id", "\"123456789\"")));
    }

    [Fact]
    public void Nested_entities_are_checked_when_a_parent_is_written()
    {
        Assert.Equal($"currentEncounter.tokens.0.id: {Blank}", Doc().ApplyFails(
            Set("currentEncounter", """{"encounter":{"id":"e2"},"map":null,"tokens":[{"id":" "}]}""")));
        Assert.Equal($"currentEncounter.encounter.id: {TooLong}", Doc().ApplyFails(Set("currentEncounter.encounter.id", "\"123456789\"")));
        Assert.Equal($"currentEncounter.map.id: {Blank}", Doc().ApplyFails(Set("currentEncounter.map", """{"id":" "}""")));
    }

    [Fact]
    public void Good_ids_pass_and_a_bad_id_may_pass_through_within_one_update()
    {
        var doc = Doc();
        doc.ApplyOk(Push("actors", """{"id":"12345678"}"""), Set("items.0.id", "\"a b\""));
        doc.ApplyOk(Set("characters.0.id", "\" \""), Set("characters.0.id", "\"c9\"")); // checked after all operations, like every shape rule
        Assert.Equal("c9", doc.GetValue("characters.0.id")!.GetValue<string>());
    }

    [Fact]
    public void A_stored_or_created_state_with_a_bad_id_is_refused()
    {
        var stored = SampleJson.Replace("\"id\":\"a1\"", "\"id\":\" \"", StringComparison.Ordinal);
        Assert.Equal($"actors.0.id: {Blank}", Assert.Throws<StateValidationException>(() => GameStateDocument.Parse(stored, Limits)).Message);
        Assert.Equal($"items.0.id: {TooLong}", Assert.Throws<StateValidationException>(
            () => GameStateDocument.Create([], [], [Json("""{"id":"123456789"}""")], 1, 0, Limits)).Message);
    }

    [Fact]
    public void The_limit_is_the_configured_MaxIdLength()
    {
        var limits = new LimitsOptions { MaxIdLength = 3 }.ToStateLimits();
        Assert.Equal(3, limits.MaxIdLength);
        Assert.Equal(IdRule.DefaultMaxLength, StateLimits.Default.MaxIdLength);
        var doc = Sample(limits);
        doc.ApplyOk(Push("actors", """{"id":"abc"}"""));
        Assert.Contains("must be at most 3 characters (got 4)", doc.ApplyFails(Push("actors", """{"id":"abcd"}""")));
        Sample().ApplyOk(Push("actors", $$"""{"id":"{{new string('x', 256)}}"}"""));
    }

    [Fact]
    public void The_rule_for_tokens_sent_outside_a_session_is_the_same()
    {
        Assert.Equal($"tokens.0.id: {TooLong}", EntityArrayRule.Check(JsonNode.Parse("""[{"id":"123456789"}]"""), "tokens", new IdRule(8))!.Message);
    }
}
