using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;

namespace Orleans.GameState.Storage.FunctionalTests;

public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task<int> Add(int amount, string note);

    Task<int> Get();

    Task Clear();
}

[GenerateSerializer]
public sealed class StorageProbeState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public List<string> Notes { get; set; } = [];
}

public sealed class StorageProbeGrain(
    [PersistentState("probe", OrleansProviderTests.StorageName)] IPersistentState<StorageProbeState> state)
    : Grain, IStorageProbeGrain
{
    public async Task<int> Add(int amount, string note)
    {
        state.State.Value += amount;
        state.State.Notes.Add(note);
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task Clear() => state.ClearStateAsync();
}

/// <summary>
/// A real silo (ADO.NET clustering + ADO.NET grain storage with a JSON serializer) and a real external client
/// (ADO.NET gateway list) on the migrated schema: the providers accept the query table and work end to end.
/// </summary>
public sealed class OrleansProviderTests
{
    public const string StorageName = "Default";

    [Fact]
    public async Task A_silo_and_a_client_run_on_the_schema_and_state_survives_a_silo_restart()
    {
        await using var database = await PostgresDatabase.CreateAsync("orleans_providers");
        var clusterId = "storage-tests";

        using (var silo = await StartSiloAsync(database.ConnectionString, clusterId))
        {
            using (var client = await StartClientAsync(database.ConnectionString, clusterId))
            {
                var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IStorageProbeGrain>("probe:alpha");
                Assert.Equal(2, await grain.Add(2, "first"));
                Assert.Equal(5, await grain.Add(3, "second \"quoted\""));
                await client.StopAsync();
            }

            // The state is JSON an operator can read with psql, and the silo is an active member.
            Assert.Equal(
                "{\"Value\":5,\"Notes\":[\"first\",\"second \\u0022quoted\\u0022\"]}",
                await ScalarAsync<string>(database,
                    "SELECT payload_json::text FROM orleans_grain_state WHERE grain_id_extension = 'probe:alpha' AND payload_binary IS NULL"));
            Assert.Equal(5, await ScalarAsync<int>(database,
                "SELECT (payload_json->>'Value')::int FROM orleans_grain_state WHERE grain_id_extension = 'probe:alpha'"));
            Assert.Equal(1L, await ScalarAsync<long>(database,
                $"SELECT count(*) FROM orleans_membership WHERE deployment_id = '{clusterId}' AND status = 3"));

            await silo.StopAsync();
        }

        Assert.Equal(0L, await ScalarAsync<long>(database,
            $"SELECT count(*) FROM orleans_membership WHERE deployment_id = '{clusterId}' AND status = 3"));

        using (var silo = await StartSiloAsync(database.ConnectionString, clusterId))
        {
            using (var client = await StartClientAsync(database.ConnectionString, clusterId))
            {
                var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IStorageProbeGrain>("probe:alpha");
                Assert.Equal(5, await grain.Get());
                await grain.Clear();
                Assert.Equal(0, await grain.Get());
                Assert.Equal(1, await grain.Add(1, "after clear"));
                await client.StopAsync();
            }

            Assert.Equal(4, await ScalarAsync<int>(database,
                "SELECT version FROM orleans_grain_state WHERE grain_id_extension = 'probe:alpha'"));
            await silo.StopAsync();
        }
    }

    private static async Task<IHost> StartSiloAsync(string connectionString, string clusterId)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo => silo
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = "storage-functional-tests";
                })
                .ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort())
                .UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                })
                .AddAdoNetGrainStorage(StorageName, options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                    options.GrainStorageSerializer = new JsonStorageSerializer();
                }))
            .Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<IHost> StartClientAsync(string connectionString, string clusterId)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleansClient(client => client
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = "storage-functional-tests";
                })
                .UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                }))
            .Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<T> ScalarAsync<T>(PostgresDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class JsonStorageSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input));

        public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span)!;
    }
}
