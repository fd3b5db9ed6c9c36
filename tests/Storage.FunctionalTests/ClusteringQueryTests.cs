using System.Globalization;
using static Orleans.GameState.Storage.FunctionalTests.ProviderQuery;

namespace Orleans.GameState.Storage.FunctionalTests;

/// <summary>The membership queries, called exactly as Microsoft.Orleans.Clustering.AdoNet calls them.</summary>
public sealed class ClusteringQueryTests : IClassFixture<ClusteringQueryTests.Fixture>
{
    private const int Active = 3;
    private const int Dead = 6;

    private readonly ProviderQuery queries;

    public ClusteringQueryTests(Fixture fixture) => queries = new ProviderQuery(fixture.Database);

    public sealed class Fixture : PostgresDatabaseFixture
    {
        protected override string NamePrefix => "clustering_queries";
    }

    private static DateTime Now() => DateTime.SpecifyKind(new DateTime(DateTime.UtcNow.Ticks / 10 * 10), DateTimeKind.Utc);

    private async Task<int> BoolAsync(string key, params (string, object?, System.Data.DbType)[] parameters)
    {
        var row = Assert.Single(await queries.RunAsync(key, parameters));
        return Convert.ToInt32(Assert.Single(row.Values), CultureInfo.InvariantCulture);
    }

    private Task<int> InsertAsync(string cluster, int port, int version, int status = Active, DateTime? time = null) =>
        BoolAsync("InsertMembershipKey",
            Text("DeploymentId", cluster), Time("IAmAliveTime", time ?? Now()), Text("SiloName", $"silo-{port}"),
            Text("HostName", "host"), Ansi("Address", "127.0.0.1"), Int("Port", port), Int("Generation", 1),
            Time("StartTime", time ?? Now()), Int("Status", status), Int("ProxyPort", port + 1000),
            Int("Version", version));

    private Task<int> UpdateAsync(string cluster, int port, int version, int status, string? suspects, DateTime alive) =>
        BoolAsync("UpdateMembershipKey",
            Text("DeploymentId", cluster), Ansi("Address", "127.0.0.1"), Int("Port", port), Int("Generation", 1),
            Time("IAmAliveTime", alive), Int("Status", status), Text("SuspectTimes", suspects), Int("Version", version));

    private async Task<List<Dictionary<string, object?>>> ReadAllAsync(string cluster) =>
        await queries.RunAsync("MembershipReadAllKey", Text("DeploymentId", cluster));

    private async Task<int> VersionAsync(string cluster) => (int)(await ReadAllAsync(cluster))[0]["Version"]!;

    [Fact]
    public async Task The_version_row_is_created_once_and_read_back_without_members()
    {
        var cluster = "c-version";
        Assert.Equal(1, await BoolAsync("InsertMembershipVersionKey", Text("DeploymentId", cluster)));
        Assert.Equal(0, await BoolAsync("InsertMembershipVersionKey", Text("DeploymentId", cluster)));

        var row = Assert.Single(await ReadAllAsync(cluster));
        Assert.Null(row["StartTime"]);
        Assert.Equal(0, row["Version"]);

        var one = Assert.Single(await queries.RunAsync("MembershipReadRowKey",
            Text("DeploymentId", cluster), Ansi("Address", "127.0.0.1"), Int("Port", 1), Int("Generation", 1)));
        Assert.Null(one["StartTime"]);
        Assert.Equal(0, one["Version"]);
    }

    [Fact]
    public async Task Inserts_and_updates_commit_only_at_the_expected_version_and_bump_it()
    {
        var cluster = "c-insert";
        await BoolAsync("InsertMembershipVersionKey", Text("DeploymentId", cluster));

        Assert.Equal(1, await InsertAsync(cluster, 11111, version: 0));
        Assert.Equal(1, await VersionAsync(cluster));
        // Stale version: refused.
        Assert.Equal(0, await InsertAsync(cluster, 11112, version: 0));
        // The same silo again at the right version: refused, and the version bump is undone.
        Assert.Equal(0, await InsertAsync(cluster, 11111, version: 1));
        Assert.Equal(1, await VersionAsync(cluster));
        Assert.Equal(1, await InsertAsync(cluster, 11112, version: 1));
        Assert.Equal(2, await VersionAsync(cluster));

        var alive = Now();
        Assert.Equal(1, await UpdateAsync(cluster, 11111, 2, Dead, "127.0.0.1:11112@1,2025-01-01 00:00:00.000 GMT", alive));
        Assert.Equal(3, await VersionAsync(cluster));
        Assert.Equal(0, await UpdateAsync(cluster, 11111, 2, Active, null, alive));
        // An unknown silo at the right version: refused, version unchanged.
        Assert.Equal(0, await UpdateAsync(cluster, 19999, 3, Active, null, alive));
        Assert.Equal(3, await VersionAsync(cluster));

        var rows = await ReadAllAsync(cluster);
        Assert.Equal(2, rows.Count);
        var dead = rows.Single(r => (int)r["Port"]! == 11111);
        Assert.Equal(Dead, dead["Status"]);
        Assert.Equal("silo-11111", dead["SiloName"]);
        Assert.Equal(12111, dead["ProxyPort"]);
        Assert.Equal(alive, ((DateTime)dead["IAmAliveTime"]!).ToUniversalTime());
        Assert.All(rows, r => Assert.Equal(3, r["Version"]));

        var gateways = await queries.RunAsync("GatewaysQueryKey", Text("DeploymentId", cluster), Int("Status", Active));
        Assert.Equal(12112, (int)Assert.Single(gateways)["ProxyPort"]!);
    }

    [Fact]
    public async Task Heartbeats_change_no_version()
    {
        var cluster = "c-alive";
        await BoolAsync("InsertMembershipVersionKey", Text("DeploymentId", cluster));
        await InsertAsync(cluster, 11111, 0);
        var later = Now().AddMinutes(1);
        await queries.RunAsync("UpdateIAmAlivetimeKey", Text("DeploymentId", cluster), Ansi("Address", "127.0.0.1"),
            Int("Port", 11111), Int("Generation", 1), Time("IAmAliveTime", later));

        var row = Assert.Single(await queries.RunAsync("MembershipReadRowKey",
            Text("DeploymentId", cluster), Ansi("Address", "127.0.0.1"), Int("Port", 11111), Int("Generation", 1)));
        Assert.Equal(later, ((DateTime)row["IAmAliveTime"]!).ToUniversalTime());
        Assert.Equal(1, row["Version"]);
    }

    [Fact]
    public async Task Defunct_silo_cleanup_deletes_only_dead_rows_still_as_read()
    {
        var cluster = "c-cleanup";
        await BoolAsync("InsertMembershipVersionKey", Text("DeploymentId", cluster));
        var old = Now().AddHours(-2);
        await InsertAsync(cluster, 1, 0, Dead, old);
        await InsertAsync(cluster, 2, 1, Dead, old);
        await InsertAsync(cluster, 3, 2, Active, old);

        var rows = await ReadAllAsync(cluster);
        var first = rows.Single(r => (int)r["Port"]! == 1);
        var start = ((DateTime)first["StartTime"]!).ToUniversalTime();
        var alive = ((DateTime)first["IAmAliveTime"]!).ToUniversalTime();

        (string, object?, System.Data.DbType)[] Row(int port, DateTime aliveTime) =>
        [
            Text("DeploymentId", cluster), Ansi("Address", "127.0.0.1"), Int("Port", port), Int("Generation", 1),
            Text("SuspectTimes", null), Time("StartTime", start), Time("IAmAliveTime", aliveTime),
        ];

        // Changed since read (another heartbeat time): kept.
        await queries.RunAsync("CleanupDefunctSiloEntryKey", Row(1, alive.AddSeconds(1)));
        Assert.Equal(3, (await ReadAllAsync(cluster)).Count);
        // As read: deleted. An active row with the same times is never deleted.
        await queries.RunAsync("CleanupDefunctSiloEntryKey", Row(1, alive));
        await queries.RunAsync("CleanupDefunctSiloEntryKey", Row(3, alive));
        Assert.Equal([2, 3], (await ReadAllAsync(cluster)).Select(r => (int)r["Port"]!).Order());

        // The bulk form removes every non-active row older than the cutoff.
        await queries.RunAsync("CleanupDefunctSiloEntriesKey", Text("DeploymentId", cluster), Time("IAmAliveTime", Now()));
        Assert.Equal(3, (int)Assert.Single(await ReadAllAsync(cluster))["Port"]!);
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_and_version()
    {
        var cluster = "c-delete";
        await BoolAsync("InsertMembershipVersionKey", Text("DeploymentId", cluster));
        await InsertAsync(cluster, 1, 0);
        await queries.RunAsync("DeleteMembershipTableEntriesKey", Text("DeploymentId", cluster));
        Assert.Empty(await ReadAllAsync(cluster));
        Assert.Equal(1, await BoolAsync("InsertMembershipVersionKey", Text("DeploymentId", cluster)));
    }
}
