using static Orleans.GameState.Engine.UnitTests.TestState;

namespace Orleans.GameState.Engine.UnitTests;

public sealed class LimitsTests
{
    [Fact]
    public void Too_many_operations()
    {
        var doc = Sample(new StateLimits(MaxOperationsPerUpdate: 2));
        doc.ApplyOk(Set("pluginData.a", "1"), Set("pluginData.b", "1"));
        Assert.Equal("operations: 3 operations exceed the limit of 2 per update",
            doc.ApplyFails(Set("pluginData.a", "1"), Set("pluginData.b", "1"), Set("pluginData.c", "1")));
    }

    [Fact]
    public void Default_limit_is_1000_operations()
    {
        var doc = Sample();
        doc.ApplyOk(Enumerable.Range(0, 1000).Select(i => Push("pluginData.log", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
        Assert.Contains("exceed the limit of 1000", doc.ApplyFails(Enumerable.Range(0, 1001).Select(_ => Push("pluginData.log", "1")).ToArray()));
    }

    [Fact]
    public void Path_too_deep()
    {
        var doc = Sample(new StateLimits(MaxPathDepth: 4));
        doc.ApplyOk(Set("pluginData.a.b.c", "1"));
        Assert.Equal("pluginData.a.b.c.d: path depth 5 exceeds the limit of 4 (operations[0])", doc.ApplyFails(Set("pluginData.a.b.c.d", "1")));
        Assert.Contains("path depth 5", doc.ApplyFails(Unset("pluginData.a.b.c.d")));
    }

    [Fact]
    public void Default_path_depth_is_32()
    {
        var doc = Sample();
        doc.ApplyOk(Set("pluginData." + string.Join('.', Enumerable.Repeat("x", 31)), "1"));
        Assert.Contains("path depth 33 exceeds the limit of 32", doc.ApplyFails(Set("pluginData." + string.Join('.', Enumerable.Repeat("x", 32)), "1")));
    }

    [Fact]
    public void State_too_big()
    {
        var probe = Sample();
        var limits = new StateLimits(MaxStateBytes: probe.SizeBytes + 100);
        var doc = Sample(limits);
        doc.ApplyOk(Set("pluginData.small", "\"" + new string('x', 50) + "\""));
        var message = doc.ApplyFails(Set("pluginData.big", "\"" + new string('x', 100) + "\""));
        Assert.StartsWith("state: the update would make the state", message);
        Assert.Contains($"over the limit of {limits.MaxStateBytes} bytes", message);
    }

    [Fact]
    public void A_state_over_the_limit_still_loads_and_may_shrink_but_not_grow()
    {
        var json = Sample().ToJsonString();
        var doc = GameStateDocument.Parse(json, new StateLimits(MaxStateBytes: 100));
        Assert.Contains("state: the update would make the state", doc.ApplyFails(Push("pluginData.log", "1")));
        doc.ApplyOk(Unset("characters.0.inventory"));
    }

    [Fact]
    public void Size_limit_counts_the_exact_serialised_bytes()
    {
        var probe = Sample();
        probe.ApplyOk(Set("pluginData.s", "\"abc\""));
        var exact = probe.SizeBytes;
        Sample(new StateLimits(MaxStateBytes: exact)).ApplyOk(Set("pluginData.s", "\"abc\""));
        Sample(new StateLimits(MaxStateBytes: exact - 1)).ApplyFails(Set("pluginData.s", "\"abc\""));
    }
}
