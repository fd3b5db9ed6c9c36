using System.Globalization;
using System.Text.Json;
using Npgsql;
using Orleans.GameState.Load.Metrics;

namespace Orleans.GameState.Load.Servers;

/// <summary>Cluster mode, everything in this process: the silos' CPU and heap are not separable from the clients'.</summary>
public sealed class InProcessClusterServer(ClusterHost host) : ILoadServer
{
    public string Description => $"TestingHost cluster of {host.Cluster.Cluster.Silos.Count} silo(s) + gateway in the load process";

    public Uri Gateway => host.Gateway.Address;

    public string? Postgres => host.Cluster.Storage.ConnectionString;

    public static async Task<InProcessClusterServer> StartAsync(LoadOptions options, string logFile) =>
        new(await ClusterHost.StartAsync(options.Silos, options.Settings, logFile));

    public Task<IReadOnlyList<ResourceSample>> SampleAsync() =>
        Task.FromResult<IReadOnlyList<ResourceSample>>([ResourceSample.Current("load+silos+gateway (one process)")]);

    public Task<ResourceSample?> CollectAsync() => Task.FromResult<ResourceSample?>(ClusterHost.Collect("load+silos+gateway (one process)"));

    public async Task<long?> SessionActivationsAsync() => await host.SessionActivationsAsync();

    public async Task<GrainRoundTrip?> GrainRoundTripAsync(int updates, int operationsPerUpdate) => await host.GrainRoundTripAsync(updates, operationsPerUpdate);

    public ValueTask DisposeAsync() => host.DisposeAsync();
}

/// <summary>Cluster mode, default: the silos and the gateway run in a child process of the tool, measured on their own.</summary>
public sealed class ChildClusterServer : ILoadServer
{
    public const string Command = "serve-cluster";
    private const string ProcessName = "silos+gateway";
    private readonly ChildProcess _child;

    private ChildClusterServer(ChildProcess child, Uri gateway, string postgres, int silos)
    {
        _child = child;
        Gateway = gateway;
        Postgres = postgres;
        Description = $"TestingHost cluster of {silos} silo(s) + gateway in a child process (pid {child.Pid})";
    }

    public string Description { get; }

    public Uri Gateway { get; }

    public string? Postgres { get; }

    public static async Task<ChildClusterServer> StartAsync(LoadOptions options, string logFile)
    {
        List<string> arguments = [Command, "--silos", options.Silos.ToString(CultureInfo.InvariantCulture), "--log", logFile];
        foreach (var (key, value) in options.Settings)
        {
            arguments.Add("--set");
            arguments.Add($"{key}={value}");
        }

        var (child, ready) = await ChildProcess.StartAsync(arguments, logFile, TimeSpan.FromMinutes(5));
        return new ChildClusterServer(child, new Uri(ready.GetProperty("gateway").GetString()!), ready.GetProperty("postgres").GetString()!, options.Silos);
    }

    /// <summary>The child's side: start the cluster and the gateway, then answer sample/gc/activations.</summary>
    public static async Task<int> ServeAsync(IReadOnlyList<string> args)
    {
        var silos = 2;
        string? log = null;
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--silos":
                    silos = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--log":
                    log = args[++i];
                    break;
                case "--set":
                    var pair = args[++i];
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    settings[pair[..equals]] = pair[(equals + 1)..];
                    break;
            }
        }

        await using var host = await ClusterHost.StartAsync(silos, settings, log);
        await ChildProtocol.ServeAsync(
            new { gateway = host.Gateway.Address.ToString(), postgres = host.Cluster.Storage.ConnectionString },
            async command => command switch
            {
                "sample" => ResourceSample.Current(ProcessName),
                "gc" => ClusterHost.Collect(ProcessName),
                "activations" => new { sessions = await host.SessionActivationsAsync() },
                _ when command.StartsWith("grain ", StringComparison.Ordinal) => await host.GrainRoundTripAsync(
                    int.Parse(command.Split(' ')[1], CultureInfo.InvariantCulture), int.Parse(command.Split(' ')[2], CultureInfo.InvariantCulture)),
                _ => throw new ArgumentException($"Unknown command '{command}'."),
            });
        return 0;
    }

    public async Task<IReadOnlyList<ResourceSample>> SampleAsync() =>
        [ChildAnswers.ToSample(await _child.AskAsync("sample", TimeSpan.FromSeconds(30)))];

    public async Task<ResourceSample?> CollectAsync() => ChildAnswers.ToSample(await _child.AskAsync("gc", TimeSpan.FromMinutes(2)));

    public async Task<long?> SessionActivationsAsync() =>
        (await _child.AskAsync("activations", TimeSpan.FromMinutes(1))).GetProperty("sessions").GetInt64();

    public async Task<GrainRoundTrip?> GrainRoundTripAsync(int updates, int operationsPerUpdate) =>
        (await _child.AskAsync($"grain {updates} {operationsPerUpdate}", TimeSpan.FromMinutes(5))).Deserialize<GrainRoundTrip>(ChildProtocol.Json);

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}

/// <summary>Target mode: a running deployment. CPU and memory come from /proc for the pids in its pid folder.</summary>
public sealed class TargetServer(Uri gateway, string? postgres, string? pidDirectory) : ILoadServer
{
    public string Description => $"deployment at {Gateway}" + (pidDirectory is null ? " (no pid files: no server CPU/memory)" : $" (pids from {pidDirectory})");

    public Uri Gateway { get; } = gateway;

    public string? Postgres { get; } = postgres;

    public static TargetServer Create(LoadOptions options)
    {
        var pids = options.PidDirectory ?? (Directory.Exists(".data/pids") ? ".data/pids" : null);
        return new TargetServer(options.TargetUrl!, options.Postgres ?? LocalPostgres(), pids);
    }

    public Task<IReadOnlyList<ResourceSample>> SampleAsync()
    {
        var samples = new List<ResourceSample>();
        if (pidDirectory is not null && Directory.Exists(pidDirectory))
        {
            foreach (var file in Directory.GetFiles(pidDirectory, "*.pid").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (name.StartsWith("postgres", StringComparison.Ordinal))
                {
                    continue; // sampled with its backends, as PostgreSQL
                }

                if (int.TryParse(File.ReadAllText(file).Trim(), out var pid) && ResourceSample.FromProc(name, pid) is { } sample)
                {
                    samples.Add(sample);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<ResourceSample>>(samples);
    }

    public Task<ResourceSample?> CollectAsync() => Task.FromResult<ResourceSample?>(null);

    public Task<long?> SessionActivationsAsync() => Task.FromResult<long?>(null);

    public Task<GrainRoundTrip?> GrainRoundTripAsync(int updates, int operationsPerUpdate) => Task.FromResult<GrainRoundTrip?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>deploy/local.sh's private PostgreSQL: database gamestate on the port in .data/postgres's postmaster.pid.</summary>
    private static string? LocalPostgres()
    {
        var pidFile = Directory.Exists(".data/postgres")
            ? Directory.EnumerateFiles(".data/postgres", "postmaster.pid", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (pidFile is null)
        {
            return null;
        }

        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3], out var port)
            ? new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "gamestate" }.ConnectionString
            : null;
    }
}

/// <summary>The bare SignalR hub baseline, in a child process (or in this one, with the cluster).</summary>
public sealed class BareHubServer : IAsyncDisposable
{
    public const string Command = "serve-barehub";
    private readonly ChildProcess? _child;
    private readonly BareHubApp? _app;

    private BareHubServer(ChildProcess? child, BareHubApp? app, Uri hub)
    {
        _child = child;
        _app = app;
        HubAddress = hub;
    }

    public Uri HubAddress { get; }

    public static async Task<BareHubServer> StartAsync(bool inProcess, string logFile)
    {
        if (inProcess)
        {
            var app = await BareHubApp.StartAsync();
            return new BareHubServer(null, app, app.HubAddress);
        }

        var (child, ready) = await ChildProcess.StartAsync([Command], logFile, TimeSpan.FromMinutes(1));
        return new BareHubServer(child, null, new Uri(ready.GetProperty("hub").GetString()!));
    }

    public static async Task<int> ServeAsync()
    {
        await using var app = await BareHubApp.StartAsync();
        await ChildProtocol.ServeAsync(
            new { hub = app.HubAddress.ToString() },
            command => Task.FromResult<object?>(command switch
            {
                "sample" => ResourceSample.Current("bare hub"),
                _ => throw new ArgumentException($"Unknown command '{command}'."),
            }));
        return 0;
    }

    public async Task<IReadOnlyList<ResourceSample>> SampleAsync() =>
        _child is null ? [ResourceSample.Current("load+bare hub (one process)")] : [ChildAnswers.ToSample(await _child.AskAsync("sample", TimeSpan.FromSeconds(30)))];

    public async ValueTask DisposeAsync()
    {
        if (_child is not null)
        {
            await _child.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>PostgreSQL's processes (the postmaster and its backends), found through a backend's parent.</summary>
public sealed class PostgresProcesses(int postmaster)
{
    public static async Task<PostgresProcesses?> FindAsync(string? connectionString)
    {
        if (connectionString is null)
        {
            return null;
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
            var backend = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            return ResourceSample.ParentOf(backend) is { } parent ? new PostgresProcesses(parent) : null;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or JsonException)
        {
            return null;
        }
    }

    public ResourceSample? Sample() => ResourceSample.FromProc("postgresql", postmaster, withChildren: true);
}
