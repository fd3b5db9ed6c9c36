using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Client.FunctionalTests;

internal static class Expect
{
    /// <summary>Polls (bounded) until the condition holds; fails the test with the message otherwise.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting: {because}");
            await Task.Delay(20);
        }
    }

    /// <summary>The client's copy holds the server's state (lastUpdated aside: a copy that follows broadcasts stamps it with the update's timestamp).</summary>
    public static void SameState(JsonNode server, GameSessionClient client)
    {
        var mine = JsonNode.Parse(client.GetStateJson())!.AsObject();
        var theirs = server.DeepClone().AsObject();
        mine.Remove("lastUpdated");
        theirs.Remove("lastUpdated");
        Assert.True(JsonNode.DeepEquals(mine, theirs), $"client:\n{mine.ToJsonString()}\nserver:\n{theirs.ToJsonString()}");
    }

    public static long Number(JsonNode? node) => JsonNode.Parse(node!.ToJsonString())!.GetValue<long>();
}

/// <summary>Records a client's <see cref="GameSessionClient.StateChanged"/> events.</summary>
internal sealed class ChangeLog
{
    public ChangeLog(GameSessionClient client) => client.StateChanged += (_, change) => Changes.Enqueue(change);

    public ConcurrentQueue<GameStateChange> Changes { get; } = new();

    public IEnumerable<long> UpdatedVersions => Changes.Where(c => c.Kind == GameStateChangeKind.Updated).Select(c => c.Version);

    /// <summary>Every change moved the version by exactly one, or replaced the state.</summary>
    public void AssertEachVersionOnce()
    {
        var versions = Changes.Select(c => c.Version).ToList();
        Assert.Equal(versions.Distinct().Count(), versions.Count);
        foreach (var change in Changes.Where(c => c.Kind == GameStateChangeKind.Updated))
        {
            Assert.Equal(change.PreviousVersion + 1, change.Version);
        }
    }
}
