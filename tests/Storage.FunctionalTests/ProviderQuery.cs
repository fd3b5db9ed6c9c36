using System.Data;
using Npgsql;

namespace Orleans.GameState.Storage.FunctionalTests;

/// <summary>
/// Runs a query of the OrleansQuery table the way the Orleans ADO.NET providers do: the stored text as is,
/// parameters added by name (no '@') with the DbType the providers give them.
/// </summary>
internal sealed class ProviderQuery(PostgresDatabase database)
{
    private readonly Dictionary<string, string> cache = [];

    public async Task<string> TextAsync(string key)
    {
        if (cache.TryGetValue(key, out var text))
        {
            return text;
        }

        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        text = (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No query {key}.");
        cache[key] = text;
        return text;
    }

    /// <summary>Runs the query; returns its rows as column-name → value maps (names as the server sends them).</summary>
    public async Task<List<Dictionary<string, object?>>> RunAsync(string key, params (string Name, object? Value, DbType Type)[] parameters)
    {
        var text = await TextAsync(key);
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(text, connection);
        foreach (var (name, value, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { ParameterName = name, DbType = type, Value = value ?? DBNull.Value });
        }

        var rows = new List<Dictionary<string, object?>>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }
        }
        while (await reader.NextResultAsync());

        return rows;
    }

    public static (string, object?, DbType) Int(string name, int? value) => (name, value, DbType.Int32);

    public static (string, object?, DbType) Long(string name, long value) => (name, value, DbType.Int64);

    public static (string, object?, DbType) Text(string name, string? value) => (name, value, DbType.String);

    public static (string, object?, DbType) Ansi(string name, string value) => (name, value, DbType.AnsiString);

    public static (string, object?, DbType) Bytes(string name, byte[] value) => (name, value, DbType.Binary);

    public static (string, object?, DbType) Time(string name, DateTime value) => (name, value, DbType.DateTime);
}
