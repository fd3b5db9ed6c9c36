using System.Text;
using Npgsql;
using static Orleans.GameState.Storage.FunctionalTests.ProviderQuery;

namespace Orleans.GameState.Storage.FunctionalTests;

/// <summary>The grain storage queries, called exactly as Microsoft.Orleans.Persistence.AdoNet calls them.</summary>
public sealed class PersistenceQueryTests : IClassFixture<PersistenceQueryTests.Fixture>
{
    private readonly PostgresDatabase database;
    private readonly ProviderQuery queries;

    public PersistenceQueryTests(Fixture fixture)
    {
        database = fixture.Database;
        queries = new ProviderQuery(database);
    }

    public sealed class Fixture : PostgresDatabaseFixture
    {
        protected override string NamePrefix => "persistence_queries";
    }

    private static (string, object?, System.Data.DbType)[] Key(string grainKey, string grainType = "counter", long n1 = 0, int idHash = 0) =>
    [
        Int("GrainIdHash", idHash == 0 ? grainKey.GetHashCode(StringComparison.Ordinal) : idHash),
        Long("GrainIdN0", 0),
        Long("GrainIdN1", n1),
        Int("GrainTypeHash", grainType.GetHashCode(StringComparison.Ordinal)),
        Text("GrainTypeString", grainType),
        Text("GrainIdExtensionString", grainKey),
        Text("ServiceId", "svc"),
    ];

    private async Task<int?> WriteAsync(string grainKey, int? version, byte[] payload)
    {
        var rows = await queries.RunAsync("WriteToStorageKey",
            [.. Key(grainKey), Int("GrainStateVersion", version), Bytes("PayloadBinary", payload)]);
        var row = Assert.Single(rows);
        return row["NewGrainStateVersion"] is { } v ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private async Task<(byte[]? Payload, int? Version)?> ReadAsync(string grainKey)
    {
        var rows = await queries.RunAsync("ReadFromStorageKey", Key(grainKey));
        if (rows.Count == 0)
        {
            return null;
        }

        var row = Assert.Single(rows);
        return ((byte[]?)row["PayloadBinary"], (int?)row["Version"]);
    }

    [Fact]
    public async Task Versions_are_optimistic_concurrency_tokens()
    {
        var key = "counter:versions";
        Assert.Null(await ReadAsync(key));

        Assert.Equal(1, await WriteAsync(key, null, Encoding.UTF8.GetBytes("{\"value\":1}")));
        // A second "first write" (another activation that never saw the row) conflicts.
        Assert.Null(await WriteAsync(key, null, Encoding.UTF8.GetBytes("{\"value\":99}")));
        Assert.Equal(2, await WriteAsync(key, 1, Encoding.UTF8.GetBytes("{\"value\":2}")));
        // A stale version conflicts and changes nothing.
        Assert.Null(await WriteAsync(key, 1, Encoding.UTF8.GetBytes("{\"value\":98}")));

        var read = await ReadAsync(key);
        Assert.Equal(2, read!.Value.Version);
        Assert.Equal("{\"value\":2}", Encoding.UTF8.GetString(read.Value.Payload!));
    }

    [Fact]
    public async Task Clear_keeps_the_version_sequence_and_delete_removes_the_row()
    {
        var key = "counter:clear";
        Assert.Equal(1, await WriteAsync(key, null, Encoding.UTF8.GetBytes("{\"a\":1}")));

        var stale = await queries.RunAsync("ClearStorageKey", [.. Key(key), Int("GrainStateVersion", 7)]);
        Assert.Empty(stale);
        var cleared = await queries.RunAsync("ClearStorageKey", [.. Key(key), Int("GrainStateVersion", 1)]);
        Assert.Equal("2", Assert.Single(cleared).Values.First()!.ToString());

        var read = await ReadAsync(key);
        Assert.Null(read!.Value.Payload);
        Assert.Equal(2, read.Value.Version);

        // After a clear, a write must name the cleared version; a blind first write still conflicts.
        Assert.Null(await WriteAsync(key, null, Encoding.UTF8.GetBytes("{}")));
        Assert.Equal(3, await WriteAsync(key, 2, Encoding.UTF8.GetBytes("{\"a\":3}")));

        Assert.Empty(await queries.RunAsync("DeleteStorageKey", [.. Key(key), Int("GrainStateVersion", 2)]));
        var deleted = await queries.RunAsync("DeleteStorageKey", [.. Key(key), Int("GrainStateVersion", 3)]);
        Assert.Equal(4, Convert.ToInt32(Assert.Single(deleted)["NewGrainStateVersion"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(await ReadAsync(key));
        Assert.Equal(1, await WriteAsync(key, null, Encoding.UTF8.GetBytes("{}")));
    }

    [Fact]
    public async Task Json_payloads_are_stored_readable_and_round_trip_byte_for_byte()
    {
        var key = "counter:json";
        // Key order, spacing, number forms and escapes must survive exactly (a JSON serializer reads them back).
        var json = "{\"$type\":\"x\", \"b\":1.50,\"a\":[1,2e3,-0],\"s\":\"\\u00e9\\n\u00e9\",\"n\":null}";
        Assert.Equal(1, await WriteAsync(key, null, Encoding.UTF8.GetBytes(json)));

        var read = await ReadAsync(key);
        Assert.Equal(json, Encoding.UTF8.GetString(read!.Value.Payload!));

        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT payload_json::text, payload_json->>'b', payload_binary IS NULL FROM orleans_grain_state WHERE grain_id_extension = $1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(json, reader.GetString(0));
        Assert.Equal("1.50", reader.GetString(1));
        Assert.True(reader.GetBoolean(2));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0xFF, 0x7B })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x00, 0x7D })] // "{"a":\0}": starts like JSON, is not
    [InlineData(new byte[] { 0x7B, 0xC3, 0x28, 0x7D })] // invalid UTF-8
    [InlineData(new byte[] { 0x5B, 0x31, 0x2C })] // "[1," truncated JSON
    [InlineData(new byte[0])]
    public async Task Binary_payloads_round_trip_byte_for_byte(byte[] payload)
    {
        var key = $"counter:binary:{Convert.ToHexString(payload)}";
        Assert.Equal(1, await WriteAsync(key, null, payload));
        var read = await ReadAsync(key);
        Assert.Equal(payload, read!.Value.Payload);

        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT payload_json IS NULL AND payload_binary IS NOT NULL FROM orleans_grain_state WHERE grain_id_extension = $1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Concurrent_first_writes_let_exactly_one_activation_win()
    {
        var key = "counter:race";
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => WriteAsync(key, null, Encoding.UTF8.GetBytes($"{{\"writer\":{i}}}")))));
        Assert.Single(results, r => r == 1);
        Assert.Equal(7, results.Count(r => r is null));
    }

    [Fact]
    public async Task A_missing_key_extension_and_an_empty_one_are_different_rows()
    {
        (string, object?, System.Data.DbType)[] Keyed(string? extension) =>
        [
            Int("GrainIdHash", 42), Long("GrainIdN0", 0), Long("GrainIdN1", 7), Int("GrainTypeHash", 1),
            Text("GrainTypeString", "numbered"), Text("GrainIdExtensionString", extension), Text("ServiceId", "svc"),
        ];

        var none = await queries.RunAsync("WriteToStorageKey",
            [.. Keyed(null), Int("GrainStateVersion", null), Bytes("PayloadBinary", Encoding.UTF8.GetBytes("{\"e\":\"none\"}"))]);
        var empty = await queries.RunAsync("WriteToStorageKey",
            [.. Keyed(""), Int("GrainStateVersion", null), Bytes("PayloadBinary", Encoding.UTF8.GetBytes("{\"e\":\"empty\"}"))]);
        Assert.Equal(1, Single(none));
        Assert.Equal(1, Single(empty));

        var again = await queries.RunAsync("WriteToStorageKey",
            [.. Keyed(null), Int("GrainStateVersion", null), Bytes("PayloadBinary", Encoding.UTF8.GetBytes("{}"))]);
        Assert.Null(Assert.Single(again)["NewGrainStateVersion"]);

        var read = Assert.Single(await queries.RunAsync("ReadFromStorageKey", Keyed(null)));
        Assert.Equal("{\"e\":\"none\"}", Encoding.UTF8.GetString((byte[])read["PayloadBinary"]!));

        static int Single(List<Dictionary<string, object?>> rows) => (int)Assert.Single(rows)["NewGrainStateVersion"]!;
    }
}
