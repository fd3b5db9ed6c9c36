using Orleans.GameState.Load.Workloads;

namespace Orleans.GameState.Load.SmokeTests;

/// <summary>The large updates of the stall and join workloads.</summary>
public sealed class UpdateGeneratorTests
{
    [Fact]
    public void A_payload_size_adds_one_set_of_a_string_that_long()
    {
        var operations = new UpdateGenerator(2, payloadBytes: 16384).Next(new Random(1));

        Assert.Equal(3, operations.Length);
        Assert.Equal("pluginData.load.counter", operations[0].Path);
        Assert.Equal("pluginData.load.blob", operations[^1].Path);
        Assert.Equal(16384, operations[^1].Value.GetString()!.Length);
    }

    [Fact]
    public void Without_a_payload_size_the_updates_are_as_before() =>
        Assert.Single(new UpdateGenerator(1).Next(new Random(1)));

    [Fact]
    public void Padding_grows_the_state_in_updates_of_at_most_the_chunk()
    {
        var updates = UpdateGenerator.Padding(1000, 1024 * 1024, 100_000).ToList();

        Assert.All(updates, u => Assert.True(u[0].Value.GetString()!.Length <= 100_000));
        Assert.InRange(1000 + updates.Sum(u => u[0].Value.GetString()!.Length + 32), 1024 * 1024 - 64, 1024 * 1024 + 64);
        Assert.Equal(11, updates.Count);
    }
}
