using System.Text;
using Npgsql;
using Orleans.GameState.Benchmarks;
using Orleans.GameState.Testing;

// Usage: dotnet run -c Release --project bench/Sessions.Benchmarks -- [iterations]
// Uses GAMESTATE_TEST_POSTGRES when set, else a private throwaway PostgreSQL cluster.
var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
var warmup = Math.Max(50, iterations / 10);

await using var cluster = await GameStateCluster.StartAsync("bench", silos: 1);
var small = await SessionScenario.CreateAsync(cluster.Client);
var large = await SessionScenario.CreateAsync(cluster.Client, LargeState(1024 * 1024));
var payload = Encoding.UTF8.GetBytes(new string('x', 200));

// Baseline: the same machine's bare single-row INSERT commit, one at a time, row size like an update's log row.
await using var dataSource = NpgsqlDataSource.Create(cluster.Storage.ConnectionString);
await using (var create = dataSource.CreateCommand("CREATE TABLE bench_insert (id bigint PRIMARY KEY, body json NOT NULL)"))
{
    await create.ExecuteNonQueryAsync();
}

var bare = new LatencySample("bare INSERT commit (Npgsql)");
async Task InsertAsync(int i)
{
    await using var insert = dataSource.CreateCommand("INSERT INTO bench_insert (id, body) VALUES ($1, $2)");
    insert.Parameters.Add(new() { Value = (long)i });
    insert.Parameters.Add(new() { Value = $$"""{"sessionId":"s","operations":[{"path":"characters.0.hp","operation":"inc","value":1,"previous":{{i}}}],"pad":"{{Encoding.UTF8.GetString(payload)}}"}""", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Json });
    await insert.ExecuteNonQueryAsync();
}

await new LatencySample("warmup").MeasureAsync(warmup, i => InsertAsync(-1 - i));
await bare.MeasureAsync(iterations, InsertAsync);

var version = new Dictionary<SessionScenario, long> { [small] = 1, [large] = 1 };
async Task UpdateAsync(SessionScenario session)
{
    var response = await session.UpdateAsync(version[session], Ops.Inc("characters.0.hp", 1));
    if (!response.Success)
    {
        throw new InvalidOperationException(response.Error!.Message);
    }

    version[session]++;
}

// Breakdown: the session store's own append (the grain's one write), without the grain.
var store = new Orleans.GameState.Storage.Sessions.SessionStore(dataSource);
await store.CreateAsync(new("s-bench-store", "c-bench", "gm", [], OriginVersion: 1), Ops.InitialState, default);
var appendSample = new LatencySample("SessionStore append, no grain");
async Task AppendAsync(int i) =>
    await store.AppendAsync("s-bench-store", new(i + 2, $"u-{i}", 0, $$"""{"sessionId":"s-bench-store","updateId":"u-{{i}}","previousVersion":"{{i + 1}}","newVersion":"{{i + 2}}","operations":[{"path":"characters.0.hp","operation":"inc","value":1,"previous":{{i}}}],"timestamp":0,"source":"gm"}""", "[]"), default);
await appendSample.MeasureAsync(iterations, AppendAsync);

// Breakdown: the client-to-grain round trip alone (a read answered from memory, no storage).
var roundTrip = new LatencySample("grain round trip, no storage");
await new LatencySample("warmup").MeasureAsync(warmup, _ => small.Grain.ReadBroadcastsSinceAsync(long.MaxValue));
await roundTrip.MeasureAsync(iterations, _ => small.Grain.ReadBroadcastsSinceAsync(long.MaxValue));

var smallSample = new LatencySample("session update, 1 KB state");
var largeSample = new LatencySample("session update, 1 MB state");
await new LatencySample("warmup").MeasureAsync(warmup, _ => UpdateAsync(small));
await smallSample.MeasureAsync(iterations, _ => UpdateAsync(small));
await new LatencySample("warmup").MeasureAsync(warmup, _ => UpdateAsync(large));
await largeSample.MeasureAsync(iterations, _ => UpdateAsync(large));

Console.WriteLine($"Sequential durable updates, {iterations} iterations each after {warmup} warm-up, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine("| loop | n | mean µs | p50 µs | p99 µs | p50 / bare |");
Console.WriteLine("|---|---|---|---|---|---|");
Console.WriteLine(bare.Row(null));
Console.WriteLine(appendSample.Row(bare));
Console.WriteLine(roundTrip.Row(bare));
Console.WriteLine(smallSample.Row(bare));
Console.WriteLine(largeSample.Row(bare));

static string LargeState(int bytes)
{
    var actors = new StringBuilder();
    var filler = new string('a', 900);
    for (var i = 0; actors.Length < bytes; i++)
    {
        actors.Append(i == 0 ? "" : ",").Append($$"""{"id":"a{{i}}","notes":"{{filler}}"}""");
    }

    return $$"""{"characters":[{"id":"c1","hp":10}],"actors":[{{actors}}],"items":[],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":0}""";
}
