namespace Orleans.GameState.Engine.UnitTests;

public sealed class IdRuleTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    [InlineData("\u00a0")]
    [InlineData("\u2003")]
    [InlineData("\u3000")]
    [InlineData("\u200b")]
    [InlineData("\ufeff \u2060")]
    public void Blank_ids_are_refused(string id)
    {
        var error = IdRule.Default.Check(id, "sessionId");

        Assert.Equal(ErrorCodes.ValidationError, error?.Code);
        Assert.Equal("sessionId: required, a non-blank string.", error!.Message);
    }

    [Fact]
    public void Length_is_bounded_and_configurable()
    {
        Assert.Null(IdRule.Default.Check(new string('x', 256), "id"));
        Assert.Equal("id: must be at most 256 characters (got 257).", IdRule.Default.Check(new string('x', 257), "id")!.Message);
        Assert.NotNull(new IdRule(4).Check("abcde", "id"));
        Assert.Null(new IdRule(4).Check("abcd", "id"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData(" a ")]
    [InlineData("c-1/2")]
    [InlineData("🎲")]
    [InlineData("..")]
    public void Other_ids_pass(string id) => Assert.Null(IdRule.Default.Check(id, "id"));

    [Fact]
    public void Null_and_NUL_are_refused()
    {
        Assert.NotNull(IdRule.Default.Check(null, "id"));
        Assert.Equal("id: must not contain U+0000.", IdRule.Default.Check("a\0b", "id")!.Message);
    }

    [Theory]
    [InlineData("id", true)]
    [InlineData("sessionId", true)]
    [InlineData("userId", true)]
    [InlineData("campaignId", true)]
    [InlineData("Id", true)]
    [InlineData("kind", false)]
    [InlineData("valid", false)]
    [InlineData("idle", false)]
    public void Id_names_follow_the_contract(string name, bool isId) => Assert.Equal(isId, IdRule.IsIdName(name));
}
