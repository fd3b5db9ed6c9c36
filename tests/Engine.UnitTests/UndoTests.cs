using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

public sealed class UndoTests
{
    [Fact]
    public void Undo_restores_bytes_version_last_updated_and_size()
    {
        var doc = Sample();
        var update = doc.ApplyOk(
            Unset("characters.0.name"),
            Set("characters.0.id", "\"cX\""),
            Pull("pluginData.dice.last", "2"),
            Push("actors", """{"id":"a2"}"""),
            Set("currentEncounter", """{"encounter":{"id":"e2"},"map":null,"tokens":[{"id":"q"}]}"""),
            Inc("characters.1.hp", "1"));
        doc.Undo(update);
        Assert.Equal(SampleJson, doc.ToJsonString());
        Assert.Equal(5, doc.Version);
        Assert.Equal(1764000000000, doc.LastUpdated);
        AssertConsistent(doc);
        Assert.True(doc.TryGetEntity("characters", "c1", out _));
        Assert.True(doc.TryGetEntity("tokens", "t2", out _));
        Assert.False(doc.TryGetEntity("actors", "a2", out _));
    }

    [Fact]
    public void Undo_puts_a_removed_key_back_in_its_place()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Unset("characters.0.hp"), Unset("pluginData.dice"));
        doc.Undo(update);
        Assert.Equal(SampleJson, doc.ToJsonString());
    }

    [Fact]
    public void Only_the_most_recent_update_can_be_undone_and_only_once()
    {
        var doc = Sample();
        var first = doc.ApplyOk(Set("pluginData.a", "1"));
        var second = doc.ApplyOk(Set("pluginData.b", "1"));
        Assert.Throws<InvalidOperationException>(() => doc.Undo(first));
        doc.Undo(second);
        Assert.Throws<InvalidOperationException>(() => doc.Undo(second));
        Assert.Throws<InvalidOperationException>(() => doc.Undo(first));
        Assert.Equal(6, doc.Version);
    }

    [Fact]
    public void A_failed_update_does_not_prevent_undoing_the_last_successful_one()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("pluginData.a", "1"));
        doc.ApplyFails(Inc("characters.0.name", "1"));
        doc.Undo(update);
        Assert.Equal(SampleJson, doc.ToJsonString());
    }

    [Fact]
    public void Updates_from_another_document_are_refused()
    {
        var update = Sample().ApplyOk(Set("pluginData.a", "1"));
        Assert.Throws<InvalidOperationException>(() => Sample().Undo(update));
    }

    [Fact]
    public void After_undo_the_same_version_is_applied_again()
    {
        var doc = Sample();
        var update = doc.ApplyOk(Set("pluginData.a", "1"));
        doc.Undo(update);
        var again = doc.ApplyOk(Set("pluginData.a", "2"));
        Assert.Equal(6, again.NewVersion);
        Assert.Equal("2", doc.Get("pluginData.a"));
    }
}
