using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.GameState.Storage.Schema;

namespace Orleans.GameState.Testing;

/// <summary>
/// A fresh, uniquely named database on <see cref="PostgresServer"/>, migrated with <see cref="SchemaMigrator"/>
/// (unless asked not to), dropped again on dispose.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private int disposed;

    private PostgresDatabase(PostgresServer server, string name)
    {
        Server = server;
        Name = name;
        ConnectionString = server.ConnectionStringFor(name);
    }

    public PostgresServer Server { get; }

    /// <summary>The database name: the sanitised prefix, a timestamp and a random suffix.</summary>
    public string Name { get; }

    /// <summary>An Npgsql connection string to this database (the server's admin user).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a database named after <paramref name="namePrefix"/> and applies the schema.</summary>
    public static Task<PostgresDatabase> CreateAsync(string namePrefix) =>
        CreateAsync(namePrefix, applySchema: true, CancellationToken.None);

    /// <summary>Creates a database named after <paramref name="namePrefix"/>; applies the schema when asked.</summary>
    public static async Task<PostgresDatabase> CreateAsync(string namePrefix, bool applySchema, CancellationToken cancellationToken = default)
    {
        var server = await PostgresServer.GetAsync(cancellationToken);
        var database = new PostgresDatabase(server, UniqueName(namePrefix));
        await server.ExecuteAdminAsync($"CREATE DATABASE {Quote(database.Name)}", cancellationToken);
        if (applySchema)
        {
            try
            {
                await database.ApplySchemaAsync(cancellationToken);
            }
            catch
            {
                await database.DisposeAsync();
                throw;
            }
        }

        return database;
    }

    /// <summary>Runs the migrations (again): a no-op when the schema is current.</summary>
    public Task<SchemaMigrationResult> ApplySchemaAsync(CancellationToken cancellationToken = default) =>
        new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).ApplyAsync(ConnectionString, cancellationToken);

    /// <summary>Opens a new connection to this database.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Simulates a storage outage: no new connection to this database succeeds (ALLOW_CONNECTIONS false), every
    /// open session to it is terminated, and Npgsql's connection pools are cleared, so pooled connections
    /// are not reused. Connections held by explicit NpgsqlDataSource instances fail on their next use.
    /// </summary>
    public async Task BlockConnectionsAsync(CancellationToken cancellationToken = default)
    {
        await Server.ExecuteAdminAsync($"ALTER DATABASE {Quote(Name)} ALLOW_CONNECTIONS false", cancellationToken);
        await TerminateSessionsAsync(cancellationToken);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Ends the outage begun by <see cref="BlockConnectionsAsync"/>.</summary>
    public Task UnblockConnectionsAsync(CancellationToken cancellationToken = default) =>
        Server.ExecuteAdminAsync($"ALTER DATABASE {Quote(Name)} ALLOW_CONNECTIONS true", cancellationToken);

    /// <summary>Drops the database, disconnecting whoever is still connected.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        try
        {
            await Server.ExecuteAdminAsync($"DROP DATABASE IF EXISTS {Quote(Name)} WITH (FORCE)", CancellationToken.None);
        }
        catch (NpgsqlException ex)
        {
            // Cleanup must not hide the test's own outcome; a leftover database is harmless.
            Console.Error.WriteLine($"Orleans.GameState.Testing: could not drop database {Name}: {ex.Message}");
        }
    }

    public override string ToString() => Name;

    private async Task TerminateSessionsAsync(CancellationToken cancellationToken)
    {
        await using var admin = new NpgsqlConnection(Server.AdminConnectionString);
        await admin.OpenAsync(cancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                admin);
            terminate.Parameters.Add(new NpgsqlParameter { Value = Name });
            var remaining = Convert.ToInt64(await terminate.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (remaining == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Sessions to database {Name} did not end within 15 s of being terminated.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static string UniqueName(string prefix)
    {
        var clean = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            clean.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '_');
        }

        var head = clean.Length == 0 ? "test" : clean.ToString();
        if (head.Length > 36)
        {
            head = head[..36];
        }

        var stamp = DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture);
        var random = Guid.NewGuid().ToString("N")[..8];
        return $"{head}_{stamp}_{random}";
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
