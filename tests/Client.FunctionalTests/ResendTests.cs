using Orleans.GameState.Client.Plugins;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>
/// Updates whose answer never comes: the connection is really aborted by the gateway (server-side) in the middle of
/// the update, or the answer is late. The client must resend the same id after reconnecting: nothing lost, nothing
/// applied twice.
/// </summary>
[Collection(ClientCollection.Name)]
public sealed class ResendTests(ClientFixture fixture)
{
    [Theory]
    [InlineData(nameof(UpdateFault.AbortAfterApplying))]
    [InlineData(nameof(UpdateFault.AbortBeforeApplying))]
    public async Task An_update_cut_off_by_a_dropped_connection_is_resent_after_reconnecting_and_applied_exactly_once(string faultName)
    {
        var fault = Enum.Parse<UpdateFault>(faultName);
        var session = await fixture.CreateSessionAsync(players: 1);
        await using var gm = fixture.NewClient(session.Gm);
        await using var watcher = await RecordingHubClient.ConnectAsync(fixture.Gateway, session.Players[0]);
        await gm.JoinAsync(session.SessionId);
        await watcher.JoinAsync(session.SessionId);
        var changes = new ChangeLog(gm);
        string? faultedId = null;
        fixture.Control.Faults = update =>
        {
            if (update.SessionId == session.SessionId && faultedId is null)
            {
                faultedId = update.Id;
                return fault;
            }

            return UpdateFault.None;
        };

        try
        {
            var cut = gm.UpdateAsync(StateOps.Inc("characters.0.hp", 5), StateOps.Push("pluginData.log", "cut"));
            var queued = gm.UpdateAsync(StateOps.Push("pluginData.log", "after"));
            var first = await cut.WaitAsync(TimeSpan.FromSeconds(30));
            var second = await queued.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(first.Success, first.Error?.Message);
            Assert.Equal("2", first.NewVersion);
            Assert.True(second.Success, second.Error?.Message);
            Assert.Equal("3", second.NewVersion);
        }
        finally
        {
            fixture.Control.Faults = null;
        }

        var server = await session.ServerStateAsync();
        Assert.Equal(15, Expect.Number(server["characters"]![0]!["hp"]));
        Assert.Equal(["cut", "after"], server["pluginData"]!["log"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(fixture.Control.UpdateCalls.Count(c => c.UpdateId == faultedId) >= 2, "the same update id was sent again");
        Assert.True(gm.Statistics.UpdatesResent >= 1);
        Assert.True(gm.Statistics.Reconnects >= 1);
        Assert.True(await watcher.WaitUntilAsync(c => c.Updated.Count >= 2));
        await Task.Delay(200);
        Assert.Equal([2L, 3L], watcher.UpdatedVersions);
        Assert.Single(watcher.Updated, b => b.GetProperty("updateId").GetString() == faultedId);
        Assert.Equal([2L, 3L], changes.UpdatedVersions);
        changes.AssertEachVersionOnce();
        Expect.SameState(server, gm);
        Assert.Equal(GameSessionStatus.Synced, gm.Status);
    }

    [Fact]
    public async Task An_update_answered_too_late_is_resent_with_the_same_id_and_applied_once()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        var options = ClientFixture.Options();
        options.UpdateTimeout = TimeSpan.FromSeconds(1);
        await using var gm = fixture.NewClient(session.Gm, options);
        await gm.JoinAsync(session.SessionId);
        string? slowId = null;
        fixture.Control.AnswerDelay = TimeSpan.FromSeconds(2.5);
        fixture.Control.Faults = update =>
        {
            if (update.SessionId == session.SessionId && slowId is null)
            {
                slowId = update.Id;
                return UpdateFault.DelayAnswer;
            }

            return UpdateFault.None;
        };

        StateUpdateResponse response;
        try
        {
            response = await gm.UpdateAsync(StateOps.Inc("characters.0.hp", 5)).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            fixture.Control.Faults = null;
        }

        Assert.True(response.Success, response.Error?.Message);
        Assert.Equal("2", response.NewVersion);
        Assert.True(gm.Statistics.UpdatesResent >= 1);
        Assert.True(fixture.Control.UpdateCalls.Count(c => c.UpdateId == slowId) >= 2);
        var server = await session.ServerStateAsync();
        Assert.Equal(15, Expect.Number(server["characters"]![0]!["hp"]));
        Assert.Equal(2, await session.ServerVersionAsync());
        Expect.SameState(server, gm);
    }
}
