using Orleans.GameState.Grains.Sessions;

namespace Orleans.GameState.Grains.UnitTests;

public sealed class UpdateIdWindowTests
{
    [Fact]
    public void Remembers_the_version_each_id_produced()
    {
        var window = new UpdateIdWindow(3);
        window.Add("a", 2);
        window.Add("b", 3);

        Assert.True(window.TryGetVersion("a", out var a));
        Assert.Equal(2, a);
        Assert.True(window.TryGetVersion("b", out var b));
        Assert.Equal(3, b);
        Assert.False(window.TryGetVersion("c", out _));
    }

    [Fact]
    public void Forgets_the_oldest_id_first_once_full()
    {
        var window = new UpdateIdWindow(2);
        window.Add("a", 2);
        window.Add("b", 3);
        window.Add("c", 4);

        Assert.Equal(2, window.Count);
        Assert.False(window.TryGetVersion("a", out _));
        Assert.True(window.TryGetVersion("b", out _));
        Assert.True(window.TryGetVersion("c", out _));
    }

    [Fact]
    public void An_id_added_again_keeps_its_first_version_and_place()
    {
        var window = new UpdateIdWindow(2);
        window.Add("a", 2);
        window.Add("a", 9);
        window.Add("b", 3);
        window.Add("c", 4);

        Assert.False(window.TryGetVersion("a", out _));
        Assert.True(window.TryGetVersion("b", out var b));
        Assert.Equal(3, b);
    }

    [Fact]
    public void Ids_are_compared_ordinally()
    {
        var window = new UpdateIdWindow(4);
        window.Add("id", 2);

        Assert.False(window.TryGetVersion("ID", out _));
    }
}
