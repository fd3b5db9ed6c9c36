using Npgsql;
using Orleans.GameState.Storage.Sessions;

namespace Orleans.GameState.Grains.FunctionalTests;

/// <summary>The unique keys of the update log, which decide races between two activations of a session.</summary>
public sealed class SessionStoreTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private SessionStore _store = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("store");
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        _store = new SessionStore(_dataSource);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Two_activations_cannot_both_commit_a_version()
    {
        await _store.CreateAsync(new SessionHeader("s-race", "c-1", "gm", [], OriginVersion: 1), Ops.InitialState, default);

        var first = await _store.AppendAsync("s-race", Entry(2, "u-a"), default);
        var second = await _store.AppendAsync("s-race", Entry(2, "u-b"), default);
        var resent = await _store.AppendAsync("s-race", Entry(3, "u-a"), default);

        Assert.Equal(AppendOutcomeKind.Appended, first.Kind);
        Assert.Equal(AppendOutcomeKind.VersionTaken, second.Kind);
        Assert.Equal(new AppendOutcome(AppendOutcomeKind.UpdateIdTaken, 2), resent);
        Assert.Equal(2, await _store.ReadLatestVersionAsync("s-race", default));
    }

    [Fact]
    public async Task A_snapshot_prunes_the_log_only_up_to_the_newest_base_within_the_bound_and_never_goes_backwards()
    {
        await _store.CreateAsync(new SessionHeader("s-snap", "c-1", "gm", [], OriginVersion: 1), Ops.InitialState, default);
        for (var v = 2; v <= 7; v++)
        {
            await _store.AppendAsync("s-snap", Entry(v, $"u-{v}"), default);
        }

        // The snapshot at 1 becomes a history base; the newest base within the bound 3 is 1, so nothing after it goes.
        await _store.SaveSnapshotAsync("s-snap", 5, Ops.InitialState.Replace("\"1\"", "\"5\"", StringComparison.Ordinal), pruneLogUpTo: 3, default);
        await _store.SaveSnapshotAsync("s-snap", 4, Ops.InitialState, pruneLogUpTo: 3, default);
        var loaded = await _store.LoadAsync("s-snap", default);
        var logAfterFirst = (await _store.ReadLogAsync("s-snap", 0, default)).Select(u => u.Version).ToList();
        var baseAtThree = await _store.ReadHistoryBaseAsync("s-snap", 3, default);

        // Within the bound 5 the newest base is 5: the log up to it and the base at 1 are dropped.
        await _store.SaveSnapshotAsync("s-snap", 6, Ops.InitialState.Replace("\"1\"", "\"6\"", StringComparison.Ordinal), pruneLogUpTo: 5, default);

        Assert.Equal(5, loaded!.SnapshotVersion);
        Assert.Equal([2L, 3L, 4L, 5L, 6L, 7L], logAfterFirst);
        Assert.Equal(1, baseAtThree!.Version);
        Assert.Equal([6L, 7L], (await _store.ReadLogAsync("s-snap", 0, default)).Select(u => u.Version));
        Assert.Null(await _store.ReadHistoryBaseAsync("s-snap", 4, default));
        Assert.Equal(5, (await _store.ReadHistoryBaseAsync("s-snap", 5, default))!.Version);
        Assert.Equal(6, (await _store.ReadHistoryBaseAsync("s-snap", 9, default))!.Version);
        Assert.Equal([7L], (await _store.ReadLogRangeAsync("s-snap", 6, 7, default)).Select(u => u.Version));
    }

    [Fact]
    public async Task Appends_of_many_sessions_at_once_each_get_their_own_outcome()
    {
        const int sessions = 60;
        for (var i = 0; i < sessions; i++)
        {
            await _store.CreateAsync(new SessionHeader($"s-burst-{i}", "c-1", "gm", [], OriginVersion: 1), Ops.InitialState, default);
        }

        // Every fifth session already has version 2 (another activation won it), every seventh already holds the id
        // being sent (a resend after a lost acknowledgement): those rows conflict inside batches of rows that do not.
        for (var i = 0; i < sessions; i += 5)
        {
            await _store.AppendAsync($"s-burst-{i}", Entry(2, $"other-{i}"), default);
        }

        for (var i = 1; i < sessions; i += 7)
        {
            if (i % 5 != 0)
            {
                await _store.AppendAsync($"s-burst-{i}", Entry(2, $"u-{i}"), default);
            }
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, sessions).Select(i =>
            _store.AppendAsync($"s-burst-{i}", Entry(i % 7 == 1 && i % 5 != 0 ? 3 : 2, $"u-{i}"), default)));

        for (var i = 0; i < sessions; i++)
        {
            var expected = i % 5 == 0 ? new AppendOutcome(AppendOutcomeKind.VersionTaken)
                : i % 7 == 1 ? new AppendOutcome(AppendOutcomeKind.UpdateIdTaken, 2)
                : AppendOutcome.Appended;
            Assert.Equal(expected, outcomes[i]);
            var log = await _store.ReadLogAsync($"s-burst-{i}", 1, default);
            Assert.Equal(i % 5 == 0 ? $"other-{i}" : $"u-{i}", Assert.Single(log).UpdateId);
        }
    }

    [Fact]
    public async Task A_row_the_server_refuses_fails_alone_among_rows_sent_with_it()
    {
        const int sessions = 30;
        for (var i = 0; i < sessions; i++)
        {
            await _store.CreateAsync(new SessionHeader($"s-poison-{i}", "c-1", "gm", [], OriginVersion: 1), Ops.InitialState, default);
        }

        var appends = Enumerable.Range(0, sessions).Select(i => _store.AppendAsync(
            $"s-poison-{i}", i == 13 ? Entry(2, "u-bad") with { BroadcastJson = "{not json" } : Entry(2, $"u-{i}"), default)).ToArray();

        await Assert.ThrowsAsync<PostgresException>(() => appends[13]);
        for (var i = 0; i < sessions; i++)
        {
            if (i != 13)
            {
                Assert.Equal(AppendOutcome.Appended, await appends[i]);
            }
        }

        Assert.Empty(await _store.ReadLogAsync("s-poison-13", 1, default));
    }

    [Fact]
    public async Task The_origin_version_is_stored_with_the_header_and_stays_when_snapshots_move_on()
    {
        var state = Ops.InitialState.Replace("\"stateVersion\":\"1\"", "\"stateVersion\":\"50\"", StringComparison.Ordinal);
        await _store.CreateAsync(new SessionHeader("s-origin", "c-1", "gm", ["p1"], OriginVersion: 50), state, default);
        var created = await _store.LoadAsync("s-origin", default);
        await _store.AppendAsync("s-origin", Entry(51, "u-51"), default);
        await _store.SaveSnapshotAsync("s-origin", 51, state.Replace("\"50\"", "\"51\"", StringComparison.Ordinal), pruneLogUpTo: 51, default);
        var later = await _store.LoadAsync("s-origin", default);

        Assert.Equal(("c-1", "gm", 50L), (created!.Header.CampaignId, created.Header.GmUserId, created.Header.OriginVersion));
        Assert.Equal(["p1"], created.Header.MemberUserIds);
        Assert.Equal(50, created.SnapshotVersion);
        Assert.Equal(50, later!.Header.OriginVersion);
        Assert.Equal(51, later.SnapshotVersion);
    }

    private static LoggedUpdate Entry(long version, string id) =>
        new(version, id, 0, $$"""{"sessionId":"s","updateId":"{{id}}","previousVersion":"{{version - 1}}","newVersion":"{{version}}","operations":[],"timestamp":0,"source":"gm"}""", "[]");
}
