using Orleans.GameState.Contract;

namespace Orleans.GameState.Grains.FunctionalTests;

/// <summary>Failures on a cluster of its own: a killed silo, and storage going away and coming back.</summary>
public sealed class SessionFailoverTests
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_the_silo_that_hosts_a_session_loses_no_acknowledged_update()
    {
        await using var cluster = await GameStateCluster.StartAsync("failover", silos: 3);
        var session = await SessionScenario.CreateAsync(cluster.Client);
        var acknowledged = new List<(string Id, long Version)>();
        var version = 1L;
        for (var i = 0; i < 30; i++)
        {
            if (i == 10)
            {
                var host = (await session.Grain.DescribeAsync())!.HostSilo;
                var silo = cluster.Cluster.Silos.Single(s => s.SiloAddress.ToString() == host);
                await cluster.Cluster.KillSiloAsync(silo);
            }

            var update = Ops.Update(session.SessionId, version, Ops.Inc("characters.0.hp", 1), Ops.Push("pluginData.ids", i));
            var response = await session.SendUntilAnsweredAsync(update, RecoveryDeadline);
            Assert.True(response.Success, response.Error?.Message);
            version = long.Parse(response.NewVersion!, System.Globalization.CultureInfo.InvariantCulture);
            acknowledged.Add((update.Id!, version));
        }

        var log = await session.Grain.GetUpdatesSinceAsync(SessionScenario.Gm, 1);
        Assert.Equal(acknowledged.Select(a => a.Version), log.Updates!.Select(u => u.Version));
        Assert.Equal(Enumerable.Range(2, 30).Select(v => (long)v), log.Updates!.Select(u => u.Version));
        var state = await session.StateAsync();
        Assert.Equal(40, state.GetProperty("characters")[0].GetProperty("hp").GetInt32());
        Assert.Equal(Enumerable.Range(0, 30), state.GetProperty("pluginData").GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task A_storage_outage_fails_the_update_with_nothing_changed_and_updates_resume_after_it()
    {
        await using var cluster = await GameStateCluster.StartAsync("outage", silos: 2);
        var session = await SessionScenario.CreateAsync(cluster.Client);
        await session.ApplyAsync(Ops.Set("pluginData.x", 1));

        await cluster.Storage.BlockConnectionsAsync();
        StateUpdateResponse failed;
        try
        {
            failed = await session.UpdateAsync(2, Ops.Set("pluginData.x", 2));
        }
        finally
        {
            await cluster.Storage.UnblockConnectionsAsync();
        }

        Assert.Equal(ErrorCodes.TransactionFailed, failed.Error!.Code);
        var state = await session.StateAsync();
        Assert.Equal(("2", 1), (state.GetProperty("stateVersion").GetString(), state.GetProperty("pluginData").GetProperty("x").GetInt32()));
        Assert.Equal(3, await session.ApplyAsync(Ops.Set("pluginData.x", 3)));
        Assert.Equal(0L, await cluster.Storage.ScalarAsync<long>(
            $"SELECT count(*) FROM game_session_update WHERE session_id = '{session.SessionId}' AND broadcast::text LIKE '%\"value\":2%'"));
    }
}
