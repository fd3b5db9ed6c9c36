using Orleans.GameState.Samples.ConsoleSample;
using Xunit.Abstractions;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>The README's sample program, run against the real gateway (REST API, campaign grains, hub).</summary>
[Collection(ClientCollection.Name)]
public sealed class SampleTests(ClientFixture fixture, ITestOutputHelper log)
{
    [Fact]
    public async Task The_console_sample_runs_one_gm_and_two_players_who_see_every_hit_point_change_and_the_revert()
    {
        using var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var exitCode = await SampleScenario.RunAsync(fixture.Gateway.Address, output, timeout.Token);

        var text = output.ToString();
        log.WriteLine(text);
        Assert.True(exitCode == 0, text);
        Assert.Matches(@"\[gm\]    at the table: (?=.*gm-\w+ \(GM\))(?=.*alice-\w+)(?=.*bob-\w+)", text);
        Assert.Contains("Aria hit by a fireball meant for the goblin: hp 9 (version 7)", text, StringComparison.Ordinal);
        Assert.Contains("[gm]    reverted the fireball: version 8 restores version 6, Aria has 16 hp", text, StringComparison.Ordinal);
        Assert.Contains("done: GM and both players at version 8, Aria has 16 hp", text, StringComparison.Ordinal);
        foreach (var player in new[] { "alice", "bob" })
        {
            for (var version = 2; version <= 7; version++)
            {
                Assert.Contains($"[{player,-5}] version {version}: set characters.0.hp", text, StringComparison.Ordinal);
            }

            Assert.Contains($"[{player,-5}] version 8 (revert to version 6): ", text, StringComparison.Ordinal);
            Assert.Contains("Aria now has 16 hp", text, StringComparison.Ordinal);
        }
    }
}
