using System.Globalization;
using System.Text;

namespace Orleans.GameState.Load;

/// <summary>Where the system under load runs.</summary>
public enum LoadMode
{
    /// <summary>A TestingHost cluster plus the real gateway, started by the tool (in a child process by default).</summary>
    Cluster,

    /// <summary>An already running deployment, e.g. <c>deploy/local.sh up</c>.</summary>
    Target,
}

/// <summary>What is measured.</summary>
public enum Workload
{
    /// <summary>Sessions with a GM and players each: durable updates/s, round trips, delivery, convergence.</summary>
    Sessions,

    /// <summary>Issue 5: one session's updates to many players, through the gateway and through a bare SignalR hub.</summary>
    FanOut,

    /// <summary>Many idle sessions activated: server memory per session.</summary>
    Idle,

    /// <summary>Issue 11: the same sessions without and with hidden data (two player views): cost of views, and each player's view.</summary>
    Views,

    /// <summary>Issue 15 target 6: joins of one session whose state is about 1 MB, against a PostgreSQL SELECT of a 1 MB row.</summary>
    Join,

    /// <summary>Issue 16 item 6: one player that stops reading its socket, and what it costs the others.</summary>
    Stall,
}

/// <summary>Which client the simulated players use.</summary>
public enum PlayerClient
{
    /// <summary>The client SDK (<c>GameSessionClient</c>): what real .NET players run.</summary>
    Sdk,

    /// <summary>A bare <c>HubConnection</c> that deserialises each broadcast and checks its version, nothing more.</summary>
    Raw,
}

/// <summary>The tool's options; <see cref="Parse"/> reads them from the command line.</summary>
public sealed record LoadOptions
{
    public LoadMode Mode { get; init; } = LoadMode.Cluster;

    public Workload Workload { get; init; } = Workload.Sessions;

    /// <summary>The gateway's base address in target mode.</summary>
    public Uri? TargetUrl { get; init; }

    /// <summary>Silos of the TestingHost cluster (cluster mode).</summary>
    public int Silos { get; init; } = 2;

    /// <summary>Cluster mode: run silos and gateway in this process instead of a child process (their CPU is then not separable from the clients').</summary>
    public bool InProcess { get; init; }

    public int Sessions { get; init; } = 1;

    /// <summary>Players per session (besides the GM).</summary>
    public int Players { get; init; } = 2;

    /// <summary>Updates per second per GM; 0 is a closed loop (the next update as soon as the previous is acknowledged).</summary>
    public double Rate { get; init; }

    public int OperationsPerUpdate { get; init; } = 1;

    /// <summary>The session state is padded (pluginData) to about this many bytes before the run; 0 leaves it as created.</summary>
    public int StateBytes { get; init; } = 1024;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int Seed { get; init; } = 1;

    public PlayerClient PlayerClient { get; init; } = PlayerClient.Sdk;

    /// <summary>Measure the PostgreSQL and bare-hub baselines in the same run.</summary>
    public bool Baselines { get; init; } = true;

    /// <summary>How long each baseline runs; the main duration when null.</summary>
    public TimeSpan? BaselineDuration { get; init; }

    /// <summary>Npgsql connection string of the deployment's database (target mode), for the PostgreSQL baseline.</summary>
    public string? Postgres { get; init; }

    /// <summary>Folder of <c>*.pid</c> files of the deployment (target mode), for CPU and memory.</summary>
    public string? PidDirectory { get; init; }

    /// <summary>Where the JSON and HTML reports go.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>A label for the run (file names, report title).</summary>
    public string Name { get; init; } = "load";

    /// <summary>Parallel REST calls and connects while setting up.</summary>
    public int SetupConcurrency { get; init; } = 16;

    /// <summary>Sessions per campaign in the idle workload.</summary>
    public int SessionsPerCampaign { get; init; } = 100;

    /// <summary>Joins measured by the join workload.</summary>
    public int Joins { get; init; } = 200;

    /// <summary>Joins in flight at once (join workload), and the PostgreSQL SELECT loops of its baseline.</summary>
    public int JoinConcurrency { get; init; } = 4;

    /// <summary>
    /// Bytes of one large update: the stall workload's GM sends payloads of this size; the join workload grows the
    /// state in updates of this size. 0: the stall workload's updates are ordinary, the join workload's 256 KB.
    /// </summary>
    public int UpdateBytes { get; init; }

    /// <summary>Plain progress lines instead of the live table (also when output is redirected or CI is set).</summary>
    public bool Plain { get; init; }

    /// <summary>Extra configuration for the cluster and gateway (cluster mode), KEY=VALUE.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public TimeSpan EffectiveBaselineDuration => BaselineDuration ?? Duration;

    public const string Usage = """
        Orleans.GameState load tool.

          dotnet run -c Release --project bench/Load -- cluster [options]        TestingHost cluster + real gateway (child process)
          dotnet run -c Release --project bench/Load -- target <url> [options]   a running deployment (deploy/local.sh up)

        Workload:
          --workload sessions|fanout|idle|views|join|stall
                                (sessions) sessions x players with GMs; fanout: issue 5 benchmark; idle: memory per session;
                                views: the same sessions without, then with hidden data (two player views), each player's view checked;
                                join: joins of one session grown to --state-bytes (default 1 MB), against a PostgreSQL SELECT of that row;
                                stall: one session at --rate, without and then with one player that stops reading its socket
          --sessions N          (1)     sessions (idle: how many to activate)
          --players N           (2)     players per session (fanout default 100)
          --rate R              (0)     updates/s per GM; 0 = closed loop
          --ops N               (1)     operations per update
          --state-bytes N       (1024)  pad each session's state to about N bytes (pluginData) before the run
          --duration S          (10)    measured seconds
          --warmup S            (2)     seconds of load before measuring
          --seed N              (1)
          --player-client sdk|raw (sdk) players on the client SDK or on a bare HubConnection
          --joins N             (200)   join: joins measured
          --join-concurrency N  (4)     join: joins in flight at once (and SELECT loops of the baseline)
          --update-bytes N      (0)     stall: payload bytes per update; join: bytes per update growing the state (default 262144)
          --no-baselines                skip the PostgreSQL and bare SignalR hub baselines
          --baseline-duration S         seconds per baseline (default: --duration)
        Cluster mode:
          --silos N             (2)
          --in-process                  silos and gateway in this process (default: a child process, so CPU is separable)
          --set KEY=VALUE               configuration for silos and gateway (repeatable)
        Target mode:
          --postgres CONNSTR            the deployment's database, for the baseline (default: from .data/ of deploy/local.sh)
          --pids DIR            (.data/pids)  pid files, for CPU and memory of silos, gateway and PostgreSQL
        Output:
          --out DIR             (TestResults/load/<name>-<time>)  report.json and report.html
          --name NAME                   label of the run
          --plain                       periodic plain lines instead of the live display
        """;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("Say 'cluster' or 'target <url>'.");
        }

        var options = new LoadOptions();
        var i = 0;
        switch (args[i++])
        {
            case "cluster":
                options = options with { Mode = LoadMode.Cluster };
                break;
            case "target":
                if (i >= args.Count || !Uri.TryCreate(args[i], UriKind.Absolute, out var url))
                {
                    throw new ArgumentException("target needs the gateway's URL, e.g. target http://127.0.0.1:5080");
                }

                i++;
                options = options with { Mode = LoadMode.Target, TargetUrl = url };
                break;
            default:
                throw new ArgumentException($"Unknown mode '{args[0]}': say 'cluster' or 'target <url>'.");
        }

        var settings = new Dictionary<string, string>();
        var playersGiven = false;
        var stateBytesGiven = false;
        while (i < args.Count)
        {
            var name = args[i++];
            string Value() => i < args.Count ? args[i++] : throw new ArgumentException($"{name} needs a value.");
            int Int() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            double Double() => double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture);
            TimeSpan Seconds() => TimeSpan.FromSeconds(Double());
            options = name switch
            {
                "--workload" => options with { Workload = Value() switch
                {
                    "sessions" => Workload.Sessions,
                    "fanout" => Workload.FanOut,
                    "idle" => Workload.Idle,
                    "views" => Workload.Views,
                    "join" => Workload.Join,
                    "stall" => Workload.Stall,
                    var other => throw new ArgumentException($"Unknown workload '{other}'."),
                } },
                "--sessions" => options with { Sessions = Int() },
                "--players" => options with { Players = Int() },
                "--rate" => options with { Rate = Double() },
                "--ops" => options with { OperationsPerUpdate = Int() },
                "--state-bytes" => options with { StateBytes = Int() },
                "--duration" => options with { Duration = Seconds() },
                "--warmup" => options with { Warmup = Seconds() },
                "--seed" => options with { Seed = Int() },
                "--player-client" => options with { PlayerClient = Value() switch
                {
                    "sdk" => PlayerClient.Sdk,
                    "raw" => PlayerClient.Raw,
                    var other => throw new ArgumentException($"Unknown player client '{other}'."),
                } },
                "--no-baselines" => options with { Baselines = false },
                "--baseline-duration" => options with { BaselineDuration = Seconds() },
                "--silos" => options with { Silos = Int() },
                "--in-process" => options with { InProcess = true },
                "--postgres" => options with { Postgres = Value() },
                "--pids" => options with { PidDirectory = Value() },
                "--out" => options with { OutputDirectory = Value() },
                "--name" => options with { Name = Value() },
                "--plain" => options with { Plain = true },
                "--setup-concurrency" => options with { SetupConcurrency = Int() },
                "--sessions-per-campaign" => options with { SessionsPerCampaign = Int() },
                "--joins" => options with { Joins = Int() },
                "--join-concurrency" => options with { JoinConcurrency = Int() },
                "--update-bytes" => options with { UpdateBytes = Int() },
                "--set" => AddSetting(options, settings, Value()),
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
            playersGiven |= name == "--players";
            stateBytesGiven |= name == "--state-bytes";
        }

        if (options.Workload == Workload.FanOut && !playersGiven)
        {
            options = options with { Players = 100 };
        }

        if (options.Workload == Workload.FanOut)
        {
            options = options with { Sessions = 1 };
        }

        if (options.Workload is Workload.Join or Workload.Stall)
        {
            options = options with { Sessions = 1 };
        }

        if (options.Workload == Workload.Join && !stateBytesGiven)
        {
            options = options with { StateBytes = 1024 * 1024 };
        }

        options.Validate();
        return options with { Settings = settings };
    }

    public void Validate()
    {
        if (Sessions < 1 || Players < 0 || OperationsPerUpdate < 1 || Duration <= TimeSpan.Zero || Warmup < TimeSpan.Zero || Rate < 0 || Silos < 1)
        {
            throw new ArgumentException("sessions >= 1, players >= 0, ops >= 1, duration > 0, warmup >= 0, rate >= 0, silos >= 1.");
        }

        if (Joins < 1 || JoinConcurrency < 1 || UpdateBytes < 0 || UpdateBytes > MaxUpdateBytes)
        {
            throw new ArgumentException($"joins >= 1, join-concurrency >= 1, 0 <= update-bytes <= {MaxUpdateBytes}.");
        }

        if (Workload == Workload.Views && Players < 2)
        {
            throw new ArgumentException("views needs --players 2 or more: half of them are named by a visibility list, so there are two player views.");
        }
    }

    /// <summary>An update's payload must fit in one hub message (the gateway's Limits:MaxMessageBytes, 1 MiB by default) with its envelope.</summary>
    public const int MaxUpdateBytes = 1000 * 1000;

    /// <summary>The join workload's growing updates: --update-bytes, or 256 KB.</summary>
    public int GrowthUpdateBytes => UpdateBytes > 0 ? UpdateBytes : 256 * 1024;

    /// <summary>The options as a command line, for the report.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Mode == LoadMode.Cluster ? $"cluster --silos {Silos}" : $"target {TargetUrl}");
        text.Append(CultureInfo.InvariantCulture, $" --workload {Workload.ToString().ToLowerInvariant()} --sessions {Sessions} --players {Players}");
        text.Append(CultureInfo.InvariantCulture, $" --rate {Rate} --ops {OperationsPerUpdate} --state-bytes {StateBytes}");
        text.Append(CultureInfo.InvariantCulture, $" --duration {Duration.TotalSeconds} --warmup {Warmup.TotalSeconds} --seed {Seed}");
        text.Append(CultureInfo.InvariantCulture, $" --player-client {PlayerClient.ToString().ToLowerInvariant()}");
        if (Workload == Workload.Join)
        {
            text.Append(CultureInfo.InvariantCulture, $" --joins {Joins} --join-concurrency {JoinConcurrency}");
        }

        if (UpdateBytes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" --update-bytes {UpdateBytes}");
        }
        if (!Baselines)
        {
            text.Append(" --no-baselines");
        }

        if (InProcess)
        {
            text.Append(" --in-process");
        }

        return text.ToString();
    }

    private static LoadOptions AddSetting(LoadOptions options, Dictionary<string, string> settings, string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--set needs KEY=VALUE, got '{pair}'.");
        }

        settings[pair[..equals].Replace("__", ":", StringComparison.Ordinal)] = pair[(equals + 1)..];
        return options;
    }
}
