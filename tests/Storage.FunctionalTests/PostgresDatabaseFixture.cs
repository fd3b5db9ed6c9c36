using Xunit;

namespace Orleans.GameState.Testing;

/// <summary>
/// An xunit class or collection fixture holding one migrated <see cref="PostgresDatabase"/> for the tests
/// that share it. Derive and override <see cref="NamePrefix"/> to name the database after the suite.
/// </summary>
public class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresDatabase? database;

    public PostgresDatabase Database =>
        database ?? throw new InvalidOperationException("The fixture's database is created in InitializeAsync.");

    public string ConnectionString => Database.ConnectionString;

    protected virtual string NamePrefix => GetType().Name;

    public async Task InitializeAsync() => database = await PostgresDatabase.CreateAsync(NamePrefix);

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
