using Orleans.GameState.Client.Persistence;
using Orleans.GameState.Client.Plugins;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>Players that miss updates, and how they catch up: requestSince, or the full state once the history is gone.</summary>
[Collection(ClientCollection.Name)]
public sealed class PlayerSyncTests(ClientFixture fixture)
{
    [Fact]
    public async Task Two_players_see_every_gm_change_in_order()
    {
        var session = await fixture.CreateSessionAsync(players: 2);
        await using var gm = fixture.NewClient(session.Gm);
        await using var first = fixture.NewClient(session.Players[0]);
        await using var second = fixture.NewClient(session.Players[1]);
        await gm.JoinAsync(session.SessionId);
        await first.JoinAsync(session.SessionId);
        await second.JoinAsync(session.SessionId);
        var firstSeen = new List<long>();
        var secondSeen = new List<long>();
        first.StateChanged += (_, _) => firstSeen.Add(Expect.Number(first.Read(s => s.GetValue("characters.0.hp"))));
        using var subscription = second.Changes.Subscribe(new Observer(() => secondSeen.Add(Expect.Number(second.GetValue("characters.0.hp")))));

        for (var hp = 9; hp >= 5; hp--)
        {
            (await gm.UpdateCharacterAsync("c1", new Dictionary<string, object?> { ["hp"] = hp })).EnsureSuccess();
        }

        await Expect.EventuallyAsync(() => first.Version == 6 && second.Version == 6, "both players reach version 6");
        Assert.Equal([9L, 8L, 7L, 6L, 5L], firstSeen);
        Assert.Equal([9L, 8L, 7L, 6L, 5L], secondSeen);
    }

    [Fact]
    public async Task A_player_that_missed_updates_while_disconnected_catches_up_with_requestSince()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        var player = session.Players[0];
        await using var client = fixture.NewClient(player);
        await client.JoinAsync(session.SessionId);
        var changes = new ChangeLog(client);
        await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));
        await Expect.EventuallyAsync(() => client.Version == 2, "the player follows version 2");

        fixture.Control.Block(player);
        try
        {
            Assert.Equal(1, fixture.Control.Abort(player));
            await Expect.EventuallyAsync(() => client.Status == GameSessionStatus.Reconnecting, "the player notices the lost connection");
            for (var i = 0; i < 5; i++)
            {
                await session.ApplyAsync(Ops.Inc("characters.0.hp", 1), Ops.Push("pluginData.log", i));
            }

            Assert.Equal(2, client.Version);
        }
        finally
        {
            fixture.Control.Unblock(player);
        }

        await Expect.EventuallyAsync(() => client.Version == 7 && client.Status == GameSessionStatus.Synced, "the player catches up to version 7");
        var stats = client.Statistics;
        Assert.Equal(1, stats.RequestSinceCalls);
        Assert.Equal(0, stats.RequestFullCalls);
        Assert.Equal(0, stats.HistoryUnavailable);
        Assert.Equal(1, stats.FullStatesAdopted); // the first join only
        Assert.True(stats.Reconnects >= 1);
        Assert.Equal([2L, 3L, 4L, 5L, 6L, 7L], changes.UpdatedVersions);
        changes.AssertEachVersionOnce();
        Expect.SameState(await session.ServerStateAsync(), client);
    }

    [Fact]
    public async Task A_player_that_missed_more_than_the_kept_history_while_disconnected_takes_the_joined_state()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        var player = session.Players[0];
        await using var client = fixture.NewClient(player);
        await client.JoinAsync(session.SessionId);

        fixture.Control.Block(player);
        try
        {
            Assert.Equal(1, fixture.Control.Abort(player));
            await session.UpdateUntilPrunedAsync(since: 1);
        }
        finally
        {
            fixture.Control.Unblock(player);
        }

        var version = await session.ServerVersionAsync();
        await Expect.EventuallyAsync(() => client.Version == version && client.Status == GameSessionStatus.Synced, $"the player reaches version {version}");
        var stats = client.Statistics;
        Assert.Equal(1, stats.RequestSinceCalls);
        Assert.Equal(1, stats.HistoryUnavailable);
        Assert.Equal(2, stats.FullStatesAdopted);
        Expect.SameState(await session.ServerStateAsync(), client);
    }

    [Fact]
    public async Task A_gap_in_the_broadcasts_is_filled_with_requestSince()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        var options = ClientFixture.Options();
        options.ConfigureHubConnection = new BroadcastDropper(b => b.NewVersion is "3" or "4" or "5").Install;
        await using var client = fixture.NewClient(session.Players[0], options);
        await client.JoinAsync(session.SessionId);
        var changes = new ChangeLog(client);

        for (var i = 0; i < 6; i++)
        {
            await session.ApplyAsync(Ops.Push("pluginData.log", i));
        }

        await Expect.EventuallyAsync(() => client.Version == 7, "the player reaches version 7");
        var stats = client.Statistics;
        Assert.Equal(1, stats.GapsDetected);
        Assert.Equal(1, stats.RequestSinceCalls);
        Assert.Equal(0, stats.RequestFullCalls);
        Assert.Equal([2L, 3L, 4L, 5L, 6L, 7L], changes.UpdatedVersions);
        changes.AssertEachVersionOnce();
        Expect.SameState(await session.ServerStateAsync(), client);
    }

    [Fact]
    public async Task A_gap_beyond_the_kept_history_falls_back_to_requestFull()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        var losing = false;
        var options = ClientFixture.Options();
        options.ConfigureHubConnection = new BroadcastDropper(_ => Volatile.Read(ref losing)).Install;
        await using var client = fixture.NewClient(session.Players[0], options);
        await client.JoinAsync(session.SessionId);
        Volatile.Write(ref losing, true);

        await session.UpdateUntilPrunedAsync(since: 1);
        Assert.Equal(1, client.Version);
        Volatile.Write(ref losing, false);
        var version = await session.ApplyAsync(Ops.Inc("characters.0.hp", 1));

        await Expect.EventuallyAsync(() => client.Version == version, $"the player reaches version {version}");
        var stats = client.Statistics;
        Assert.Equal(1, stats.GapsDetected);
        Assert.Equal(1, stats.RequestSinceCalls);
        Assert.Equal(1, stats.HistoryUnavailable);
        Assert.Equal(1, stats.RequestFullCalls);
        Expect.SameState(await session.ServerStateAsync(), client);
    }

    [Fact]
    public async Task A_restarted_player_starts_from_its_stored_copy_and_fetches_only_what_it_lacks()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        var directory = Path.Combine(Path.GetTempPath(), $"gamestate-client-{Guid.NewGuid():N}");
        try
        {
            var options = ClientFixture.Options();
            options.StateStore = new FileStateStore(directory);
            await using (var before = fixture.NewClient(session.Players[0], options))
            {
                await before.JoinAsync(session.SessionId);
                for (var i = 0; i < 3; i++)
                {
                    await session.ApplyAsync(Ops.Push("pluginData.log", i));
                }

                await Expect.EventuallyAsync(() => before.Version == 4, "the first run reaches version 4");
            }

            Assert.True(File.Exists(((FileStateStore)options.StateStore).PathOf(session.SessionId)));
            for (var i = 3; i < 7; i++)
            {
                await session.ApplyAsync(Ops.Push("pluginData.log", i));
            }

            options = ClientFixture.Options();
            options.StateStore = new FileStateStore(directory);
            await using var after = fixture.NewClient(session.Players[0], options);
            var changes = new ChangeLog(after);
            await after.JoinAsync(session.SessionId);

            var stats = after.Statistics;
            Assert.Equal(1, stats.RequestSinceCalls);
            Assert.Equal(0, stats.RequestFullCalls);
            Assert.Equal(0, stats.FullStatesAdopted);
            var first = changes.Changes.First();
            Assert.Equal((GameStateChangeKind.Loaded, 4L), (first.Kind, first.Version));
            Assert.Equal([5L, 6L, 7L, 8L], changes.UpdatedVersions);
            Assert.Equal(8, after.Version);
            Expect.SameState(await session.ServerStateAsync(), after);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private sealed class Observer(Action onNext) : IObserver<GameStateChange>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(GameStateChange value) => onNext();
    }
}
