using Npgsql;

namespace Orleans.GameState.Storage.Health;

/// <summary>Asks PostgreSQL <c>SELECT 1</c> through the shared data source.</summary>
public sealed class StorageProbe(NpgsqlDataSource dataSource) : IStorageProbe
{
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
