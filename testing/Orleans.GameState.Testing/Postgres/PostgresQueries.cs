using Npgsql;

namespace Orleans.GameState.Testing;

/// <summary>Reads tests make straight against the database, to check what is really stored.</summary>
public static class PostgresQueries
{
    public static async Task<T?> ScalarAsync<T>(this PostgresDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }
}
