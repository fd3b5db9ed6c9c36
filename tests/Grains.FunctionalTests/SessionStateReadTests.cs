using System.Text.Json;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Grains.FunctionalTests;

/// <summary>
/// Full-state reads are serialised once per version and view and reused: each view must still get its own state,
/// a new version must be read fresh, and a member added without a new version must get the view that names them.
/// </summary>
[Collection(SessionClusterCollection.Name)]
public sealed class SessionStateReadTests(SessionClusterFixture fixture)
{
    private const string Latecomer = "player-2";

    [Fact]
    public async Task Repeated_reads_at_one_version_give_each_view_its_own_state_and_a_new_version_is_read_fresh()
    {
        var session = await SessionScenario.CreateAsync(fixture.Client);
        await session.ApplyAsync(
            Ops.Push("actors", new { id = "named", visibility = new[] { SessionScenario.Player }, hp = 1 }),
            Ops.Push("actors", new { id = "secret", visibility = "gm" }),
            Ops.Push("actors", new { id = "late", visibility = new[] { Latecomer } }));

        for (var read = 0; read < 2; read++)
        {
            Assert.Equal(["a1", "named", "secret", "late"], ActorIds(await session.StateAsync(SessionScenario.Gm)));
            Assert.Equal(["a1", "named"], ActorIds(await session.StateAsync(SessionScenario.Player)));
        }

        // A member added now, at the same version, is named by "late": their own view, not another one read before.
        await session.Grain.SetMembersAsync([SessionScenario.Player, Latecomer]);
        Assert.Equal(["a1", "late"], ActorIds(await session.StateAsync(Latecomer)));
        Assert.Equal(["a1", "named"], ActorIds(await session.StateAsync(SessionScenario.Player)));

        await session.ApplyAsync(Ops.Set("actors.1.hp", 2));
        var player = await session.StateAsync(SessionScenario.Player);
        Assert.Equal(2, player.GetProperty("actors")[1].GetProperty("hp").GetInt32());
        Assert.Equal("3", player.GetProperty("stateVersion").GetString());

        await session.ApplyAsync(Ops.Set("actors.1.visibility", "gm"));
        Assert.Equal(["a1"], ActorIds(await session.StateAsync(SessionScenario.Player)));
        Assert.Equal(["a1", "named", "secret", "late"], ActorIds(await session.StateAsync(SessionScenario.Gm)));
    }

    private static string[] ActorIds(JsonElement state) =>
        [.. state.GetProperty("actors").EnumerateArray().Select(actor => actor.GetProperty("id").GetString()!)];
}
