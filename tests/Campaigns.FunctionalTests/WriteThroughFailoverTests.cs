using System.Globalization;
using System.Text.Json;

namespace Orleans.GameState.Campaigns.FunctionalTests;

/// <summary>The write-through converges after the silo hosting the session dies in the middle of a burst.</summary>
public sealed class WriteThroughFailoverTests
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Backing_models_end_equal_to_the_final_state_after_the_sessions_silo_is_killed_mid_burst()
    {
        await using var cluster = await GameStateCluster.StartAsync("writethrough_failover", silos: 2);
        var scenario = await CampaignScenario.CreateAsync(cluster.Client);
        foreach (var id in new[] { "c1", "c2", "c3" })
        {
            await scenario.CreateEntityAsync(EntityKinds.Characters, new { id, hp = 10 });
        }

        await scenario.CreateEntityAsync(EntityKinds.Actors, new { id = "a1", mood = "calm" });
        await scenario.CreateEntityAsync(EntityKinds.Actors, new { id = "a2", mood = "calm" });
        await scenario.CreateEntityAsync(EntityKinds.Items, new { id = "i1", log = Array.Empty<int>() });
        var session = await scenario.CreateSessionAsync();

        var version = 1L;
        for (var i = 0; i < 40; i++)
        {
            if (i == 15)
            {
                var host = (await session.Grain.DescribeAsync())!.HostSilo;
                await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.ToString() == host));
            }

            var update = Ops.Update(session.SessionId, version, Burst(i));
            var response = await session.SendUntilAnsweredAsync(update, RecoveryDeadline);
            Assert.True(response.Success, response.Error?.Message);
            version = long.Parse(response.NewVersion!, CultureInfo.InvariantCulture);
        }

        Assert.Equal(41, version);
        var state = await session.StateAsync();
        var deadline = DateTime.UtcNow + RecoveryDeadline;
        while (!await ConvergedAsync(scenario, state))
        {
            Assert.True(DateTime.UtcNow < deadline, "the backing models did not converge to the final state");
            await Task.Delay(200);
        }

        Assert.Equal(["c1", "c3", "c4"], (await scenario.ListAsync(EntityKinds.Characters)).Select(c => c.GetProperty("id").GetString()));
        Assert.True((await scenario.GetEntityAsync(EntityKinds.Characters, "c2"))!.Value.GetProperty("deleted").GetBoolean());
    }

    [Fact]
    public async Task A_session_whose_silo_died_before_writing_through_is_woken_and_resumes_from_its_log()
    {
        // Flushes are held back and the final flush is off, so only the log can bring these updates through.
        await using var cluster = await GameStateCluster.StartAsync("writethrough_recovery", silos: 2, new Dictionary<string, string>
        {
            ["WriteThrough:FlushDelay"] = "00:10:00",
            ["WriteThrough:FinalFlushTimeout"] = "00:00:00",
            ["WriteThrough:RecoveryInterval"] = "00:00:01",
            ["WriteThrough:RecoveryGrace"] = "00:00:01",
        });
        var scenario = await CampaignScenario.CreateAsync(cluster.Client);
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "c1", hp = 10 });
        await scenario.CreateEntityAsync(EntityKinds.Characters, new { id = "c2", hp = 20 });
        var session = await scenario.CreateSessionAsync();
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 5));
        await session.ApplyAsync(Ops.Push("characters", new { id = "c3", hp = 30 }));
        await session.ApplyAsync(Ops.Pull("characters", new { id = "c2" }));
        var final = await session.StateAsync();

        await Task.Delay(300);
        Assert.Equal(10, (await scenario.GetEntityAsync(EntityKinds.Characters, "c1"))!.Value.GetProperty("hp").GetInt32());
        Assert.Null(await scenario.GetEntityAsync(EntityKinds.Characters, "c3"));
        Assert.Equal(0L, await cluster.Storage.ScalarAsync<long>(
            $"SELECT count(*) FROM game_session_write_through WHERE session_id = '{session.SessionId}'"));

        var host = (await session.Grain.DescribeAsync())!.HostSilo;
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.ToString() == host));

        // Nobody calls the session again: the recovery scan wakes it on the surviving silo.
        var deadline = DateTime.UtcNow + RecoveryDeadline;
        while (true)
        {
            try
            {
                if (await ConvergedAsync(scenario, final)
                    && (await scenario.GetEntityAsync(EntityKinds.Characters, "c2"))?.TryGetProperty("deleted", out _) == true)
                {
                    break;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The campaign's silo may be the dead one until the cluster notices.
            }

            Assert.True(DateTime.UtcNow < deadline, "the session's write-through was not resumed");
            await Task.Delay(250);
        }

        Assert.Equal(4L, await cluster.Storage.ScalarAsync<long>(
            $"SELECT version FROM game_session_write_through WHERE session_id = '{session.SessionId}'"));
    }

    /// <summary>Every kind of operation, across characters (one created, one removed), actors and items.</summary>
    private static StateOperation[] Burst(int i) => i switch
    {
        20 => [Ops.Push("characters", new { id = "c4", hp = 1 })],
        25 => [Ops.Pull("characters", new { id = "c2" })],
        _ => (i % 4) switch
        {
            0 => [Ops.Inc($"characters.{i % 3}.hp", 1)],
            1 => [Ops.Set($"actors.{i % 2}.mood", $"mood-{i}")],
            2 => [Ops.Push("items.0.log", i)],
            _ => [Ops.Pull("items.0.log", i - 5), Ops.Unset($"actors.{i % 2}.note"), Ops.Set($"actors.{(i + 1) % 2}.note", i)],
        },
    };

    private static async Task<bool> ConvergedAsync(CampaignScenario scenario, JsonElement state)
    {
        foreach (var kind in new[] { EntityKinds.Characters, EntityKinds.Actors, EntityKinds.Items })
        {
            var stored = (await scenario.ListAsync(kind)).ToDictionary(e => e.GetProperty("id").GetString()!);
            var expected = state.GetProperty(kind).EnumerateArray().ToList();
            if (stored.Count != expected.Count
                || expected.Any(e => !stored.TryGetValue(e.GetProperty("id").GetString()!, out var s) || !CampaignScenario.JsonEquals(s, e)))
            {
                return false;
            }
        }

        return true;
    }
}
