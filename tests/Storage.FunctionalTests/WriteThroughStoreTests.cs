using Npgsql;
using Orleans.GameState.Storage.WriteThrough;
using Orleans.GameState.Storage.Connections;
using Orleans.GameState.Storage.Sessions;

namespace Orleans.GameState.Storage.FunctionalTests;

/// <summary>Written-through versions saved in batches across sessions (WatermarkBatches), on the tuned connections.</summary>
public sealed class WriteThroughStoreTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private WriteThroughStore _store = null!;
    private SessionStore _sessions = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("watermarks");
        _dataSource = PostgresConnections.CreateDataSource(_database.ConnectionString);
        _store = new WriteThroughStore(_dataSource);
        _sessions = new SessionStore(_dataSource);
    }

    /// <summary>A written-through version belongs to a session (foreign key).</summary>
    private async Task CreateSessionsAsync(params string[] sessionIds)
    {
        foreach (var id in sessionIds)
        {
            await _sessions.CreateAsync(new SessionHeader(id, "c-1", "gm", [], OriginVersion: 1), "{}", default);
        }
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _sessions.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_saves_of_many_sessions_each_keep_their_highest_version()
    {
        // 40 sessions x 25 versions, all at once and shuffled: batches mix sessions and hold several saves of one.
        var saves = Enumerable.Range(1, 40)
            .SelectMany(s => Enumerable.Range(1, 25).Select(v => (Session: $"s-{s}", Version: (long)(s * 100 + v))))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        await CreateSessionsAsync(Enumerable.Range(1, 40).Select(s => $"s-{s}").ToArray());

        await Task.WhenAll(saves.Select(save => _store.SaveAsync(save.Session, save.Version, default)));

        for (var s = 1; s <= 40; s++)
        {
            Assert.Equal(s * 100 + 25, await _store.ReadAsync($"s-{s}", default));
        }
    }

    [Fact]
    public async Task A_lower_version_never_moves_the_saved_one_back()
    {
        await CreateSessionsAsync("s-back", "s-other");
        await _store.SaveAsync("s-back", 9, default);
        await Task.WhenAll(_store.SaveAsync("s-back", 4, default), _store.SaveAsync("s-other", 2, default));

        Assert.Equal(9, await _store.ReadAsync("s-back", default));
        Assert.Equal(2, await _store.ReadAsync("s-other", default));
        Assert.Null(await _store.ReadAsync("s-never", default));
    }

    [Fact]
    public async Task A_save_fails_when_its_batch_fails_and_later_saves_go_on()
    {
        await CreateSessionsAsync("s-ok");
        await _store.SaveAsync("s-ok", 1, default);
        await using (var connection = await _dataSource.OpenConnectionAsync())
        await using (var rename = new NpgsqlCommand("ALTER TABLE game_session_write_through RENAME TO game_session_write_through_away", connection))
        {
            await rename.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAnyAsync<PostgresException>(() => _store.SaveAsync("s-ok", 2, default));

        await using (var connection = await _dataSource.OpenConnectionAsync())
        await using (var back = new NpgsqlCommand("ALTER TABLE game_session_write_through_away RENAME TO game_session_write_through", connection))
        {
            await back.ExecuteNonQueryAsync();
        }

        await _store.SaveAsync("s-ok", 3, default);
        Assert.Equal(3, await _store.ReadAsync("s-ok", default));
    }

    [Fact]
    public async Task A_row_the_server_refuses_fails_alone_and_not_its_batch()
    {
        // "s-gone" has no session row (the foreign key refuses it); saved in the same batches as the others.
        await CreateSessionsAsync(Enumerable.Range(1, 20).Select(s => $"s-{s}").ToArray());
        var saves = Enumerable.Range(1, 20).Select(s => _store.SaveAsync($"s-{s}", 5, default)).ToList();
        var refused = _store.SaveAsync("s-gone", 5, default);
        saves.AddRange(Enumerable.Range(1, 20).Select(s => _store.SaveAsync($"s-{s}", 6, default)));

        await Task.WhenAll(saves);
        await Assert.ThrowsAsync<PostgresException>(() => refused);
        for (var s = 1; s <= 20; s++)
        {
            Assert.Equal(6, await _store.ReadAsync($"s-{s}", default));
        }
    }
}
