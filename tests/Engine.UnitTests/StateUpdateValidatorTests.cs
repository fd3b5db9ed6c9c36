using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

public sealed class StateUpdateValidatorTests
{
    private static StateUpdate Valid() => new("u1", "s1", "5", [Set("pluginData.x", "1")], 1, UpdateSources.Gm);

    /// <summary>Too large for 64 bits, but a version all the same: the version check answers it VERSION_CONFLICT.</summary>
    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999")]
    public void A_canonical_version_beyond_64_bits_is_well_formed(string version)
    {
        Assert.Null(StateUpdateValidator.Validate(Valid() with { Version = version }));
        Assert.False(StateUpdateValidator.TryParseVersion(version, out _));
    }

    [Fact]
    public void A_well_formed_update_passes()
    {
        Assert.Null(StateUpdateValidator.Validate(Valid()));
        Assert.Null(StateUpdateValidator.Validate(Valid() with { Source = UpdateSources.System }));
        Assert.Null(StateUpdateValidator.Validate(Valid() with { Version = "0" }));
        Assert.Null(StateUpdateValidator.Validate(Valid() with { Operations = [Set("pluginData.x", "\"a\\u0000b \\ud83d\\ude00\"")] }));
    }

    public static TheoryData<StateUpdate?, string> Invalid => new()
    {
        { null, "update: is required" },
        { Valid() with { Id = null }, "id: must be a non-empty string" },
        { Valid() with { Id = "" }, "id: must be a non-empty string" },
        { Valid() with { SessionId = "" }, "sessionId: must be a non-empty string" },
        { Valid() with { Version = null }, "version: must be a decimal integer string such as \"1\"" },
        { Valid() with { Version = "v1" }, "version: must be a decimal integer string such as \"1\"" },
        { Valid() with { Version = "-1" }, "version: must be a decimal integer string such as \"1\"" },
        { Valid() with { Version = "01" }, "version: must be a decimal integer string such as \"1\"" },
        { Valid() with { Version = "1.0" }, "version: must be a decimal integer string such as \"1\"" },
        { Valid() with { Operations = null }, "operations: an update needs at least one operation" },
        { Valid() with { Operations = [] }, "operations: an update needs at least one operation" },
        { Valid() with { Source = "player" }, "source: must be \"gm\" or \"system\"" },
        { Valid() with { Id = "a\0b" }, "id: must not contain U+0000" },
        { Valid() with { SessionId = "s\0" }, "sessionId: must not contain U+0000" },
        { Valid() with { Source = null }, "source: must be \"gm\" or \"system\"" },
        { Valid() with { Operations = [Op("pluginData.x", "nope", "1")] }, "pluginData.x: unknown operation 'nope' (expected set, unset, inc, push or pull) (operations[0])" },
        { Valid() with { Operations = [Set("pluginData.x", "1"), Op("stateVersion", "set", "\"9\"")] }, "stateVersion: the first path segment must be one of characters, actors, items, currentEncounter, pluginData (operations[1])" },
    };

    public static TheoryData<StateUpdate, string> NotCarriable => new()
    {
        { Valid() with { Operations = [Set("pluginData.x", "\"\\ud800\"")] }, "operations[0].value: contains a string that is not valid Unicode (an escaped lone surrogate such as \\ud800)" },
        { Valid() with { Operations = [Set("pluginData.x", "1"), Set("pluginData.y", "{\"k\":[\"\\udc00x\"]}")] }, "operations[1].value: contains a string that is not valid Unicode (an escaped lone surrogate such as \\ud800)" },
        { Valid() with { Operations = [Set("pluginData.x", "{\"\\ud800\":1}")] }, "operations[0].value: contains a string that is not valid Unicode (an escaped lone surrogate such as \\ud800)" },
        { Valid() with { Id = "a\0b" }, "id: must not contain U+0000" },
    };

    [Theory]
    [MemberData(nameof(NotCarriable))]
    public void Text_the_gateway_cannot_pass_on_is_named(StateUpdate update, string message)
    {
        Assert.Equal(message, StateUpdateValidator.CheckText(update)?.Message);
        Assert.Null(StateUpdateValidator.CheckText(Valid()));
    }

    [Fact]
    public void A_value_that_is_not_unicode_is_refused_when_applied()
    {
        var update = Valid() with { Operations = [Set("pluginData.x", "\"\\ud800\"")] };
        Assert.Null(StateUpdateValidator.Validate(update));
        Assert.Contains("not valid Unicode", Sample().ApplyFails(update.Operations![0]));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Malformed_updates_are_validation_errors(StateUpdate? update, string message)
    {
        var error = StateUpdateValidator.Validate(update);
        Assert.NotNull(error);
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Null(error.CurrentVersion);
    }

    [Fact]
    public void Limits_apply_only_when_given()
    {
        var many = Valid() with { Operations = [.. Enumerable.Repeat(Set("pluginData.x", "1"), 3)] };
        Assert.Null(StateUpdateValidator.Validate(many));
        Assert.Contains("exceed the limit of 2", StateUpdateValidator.Validate(many, new StateLimits(MaxOperationsPerUpdate: 2))!.Message);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 1L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Versions_parse(string text, long expected)
    {
        Assert.True(StateUpdateValidator.TryParseVersion(text, out var version));
        Assert.Equal(expected, version);
        Assert.Equal(text, StateUpdateValidator.FormatVersion(version));
    }
}
