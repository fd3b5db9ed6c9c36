using Npgsql;

namespace Orleans.GameState.Storage.Connections;

/// <summary>
/// Connection settings shared by every pooled user of the game database (session store, write-through, entity
/// storage, the gateway's readiness check): per update they decide how much work PostgreSQL does besides the row.
/// </summary>
public static class PostgresConnections
{
    /// <summary>Statements Npgsql prepares per connection once used twice (the update path has a handful).</summary>
    public const int MaxAutoPrepare = 32;

    /// <summary>
    /// <para>No reset on close: by default Npgsql sends <c>DISCARD ALL</c> before the next use of a pooled connection,
    /// which PostgreSQL counts and logs as a transaction of its own, so every update's append cost two commits. Our
    /// pooled connections never change session state (no SET, LISTEN, temporary tables or session advisory locks;
    /// the schema migrator's lock uses an unpooled connection), so there is nothing to reset.</para>
    /// <para>Auto-prepare: the append and the other per-update statements are parsed and planned once per connection
    /// instead of on every execution. A connection string that sets <c>Max Auto Prepare</c> itself keeps its value.</para>
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString) => NpgsqlDataSource.Create(Tuned(connectionString));
}
