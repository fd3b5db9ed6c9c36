using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.GameState.Storage.Schema;

namespace Orleans.GameState.Storage.FunctionalTests;

public sealed class MigrationTests
{
    /// <summary>Every key the ADO.NET clustering (10.4) and persistence providers read from OrleansQuery.</summary>
    public static readonly string[] RequiredQueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    private static SchemaMigrator Migrator() => new(NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task Applies_every_script_once_and_nothing_the_second_time()
    {
        await using var database = await PostgresDatabase.CreateAsync("migrate_twice", applySchema: false);

        var first = await Migrator().ApplyAsync(database.ConnectionString, CancellationToken.None);
        var second = await Migrator().ApplyAsync(database.ConnectionString, CancellationToken.None);

        var all = SchemaScripts.All.Select(s => s.Name).ToArray();
        Assert.Equal(all, first.AppliedScripts);
        Assert.Contains("0001_orleans_queries.sql", all);
        Assert.Contains("0002_orleans_clustering.sql", all);
        Assert.Contains("0003_orleans_persistence.sql", all);
        Assert.Empty(second.AppliedScripts);
        Assert.True(second.UpToDateAlready);
        Assert.Equal(all, await JournalAsync(database));
    }

    [Fact]
    public void Scripts_apply_in_ordinal_file_name_order()
    {
        var names = SchemaScripts.All.Select(s => s.Name).ToArray();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        Assert.All(names, n => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", n));
    }

    [Fact]
    public async Task Query_table_holds_every_key_the_providers_require()
    {
        await using var database = await PostgresDatabase.CreateAsync("query_keys");
        await using var connection = await database.OpenConnectionAsync();
        // Exactly the statement the providers run at startup.
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", connection);
        var keys = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys[reader.GetString(reader.GetOrdinal("QueryKey"))] = reader.GetString(reader.GetOrdinal("QueryText"));
            }
        }

        foreach (var key in RequiredQueryKeys)
        {
            Assert.True(keys.ContainsKey(key), $"OrleansQuery lacks {key}");
            Assert.False(string.IsNullOrWhiteSpace(keys[key]), $"{key} is empty");
        }
    }

    [Fact]
    public async Task Concurrent_migrations_both_succeed_and_apply_each_script_once()
    {
        await using var database = await PostgresDatabase.CreateAsync("migrate_race", applySchema: false);

        var results = await Task.WhenAll(
            Task.Run(() => Migrator().ApplyAsync(database.ConnectionString, CancellationToken.None)),
            Task.Run(() => Migrator().ApplyAsync(database.ConnectionString, CancellationToken.None)),
            Task.Run(() => Migrator().ApplyAsync(database.ConnectionString, CancellationToken.None)));

        var all = SchemaScripts.All.Select(s => s.Name).ToArray();
        var applied = results.SelectMany(r => r.AppliedScripts).ToArray();
        Assert.Equal(all.Order(StringComparer.Ordinal), applied.Order(StringComparer.Ordinal));
        Assert.Equal(all, await JournalAsync(database));
    }

    [Fact]
    public async Task Creates_the_database_only_when_asked()
    {
        var server = await PostgresServer.GetAsync();
        var name = $"created_{Guid.NewGuid():N}"[..24];
        var connectionString = server.ConnectionStringFor(name);
        try
        {
            await Assert.ThrowsAsync<SchemaMigrationException>(
                () => Migrator().ApplyAsync(connectionString, CancellationToken.None));

            var result = await Migrator().ApplyAsync(connectionString, createDatabaseIfMissing: true, CancellationToken.None);
            Assert.Equal(SchemaScripts.All.Count, result.AppliedScripts.Count);

            var again = await Migrator().ApplyAsync(connectionString, createDatabaseIfMissing: true, CancellationToken.None);
            Assert.Empty(again.AppliedScripts);
        }
        finally
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
            await server.ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_migration_error()
    {
        // Port 1 on loopback: nothing listens there.
        var error = await Assert.ThrowsAsync<SchemaMigrationException>(() => Migrator().ApplyAsync(
            "Host=127.0.0.1;Port=1;Username=postgres;Database=nowhere;Timeout=3", CancellationToken.None));
        Assert.Contains("127.0.0.1:1/nowhere", error.Message);
    }

    [Fact]
    public async Task Sessions_from_before_the_origin_version_column_get_origin_1()
    {
        const string originScript = "0021_session_origin_version.sql";
        await using var database = await PostgresDatabase.CreateAsync("origin_default", applySchema: false);
        await using var connection = await database.OpenConnectionAsync();
        foreach (var script in SchemaScripts.All.Where(s => string.CompareOrdinal(s.Name, originScript) < 0))
        {
            await ExecuteAsync(connection, script.Sql);
        }

        await ExecuteAsync(connection, "INSERT INTO game_session (session_id, campaign_id, gm_user_id) VALUES ('s-old', 'c-1', 'gm')");
        await ExecuteAsync(connection, SchemaScripts.All.Single(s => s.Name == originScript).Sql);

        await using var read = new NpgsqlCommand("SELECT origin_version FROM game_session WHERE session_id = 's-old'", connection);
        Assert.Equal(1L, await read.ExecuteScalarAsync());
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string[]> JournalAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT scriptname FROM {SchemaMigrator.JournalTable} ORDER BY scriptname COLLATE \"C\"", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }
}
