using Npgsql;

namespace Orleans.GameState.Storage.FunctionalTests;

public sealed class OutageTests
{
    [Fact]
    public async Task Blocking_refuses_new_connections_and_ends_open_ones_until_unblocked()
    {
        await using var database = await PostgresDatabase.CreateAsync("outage");
        await using var open = await database.OpenConnectionAsync();
        Assert.Equal(1, await ScalarAsync(open));

        await database.BlockConnectionsAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => database.OpenConnectionAsync());
        Assert.Equal(PostgresErrorCodes.ObjectNotInPrerequisiteState, refused.SqlState);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(open));

        // Other databases of the server are not affected.
        await using var other = await PostgresDatabase.CreateAsync("outage_other");
        await using (var unaffected = await other.OpenConnectionAsync())
        {
            Assert.Equal(1, await ScalarAsync(unaffected));
        }

        await database.UnblockConnectionsAsync();

        await using var again = await database.OpenConnectionAsync();
        Assert.Equal(1, await ScalarAsync(again));
    }

    private static async Task<int> ScalarAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
