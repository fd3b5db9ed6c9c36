using System.Globalization;

namespace Orleans.GameState.Drill;

/// <summary>What the drill runs against and how hard it pushes (command-line <c>--key value</c> pairs).</summary>
public sealed class DrillOptions
{
    /// <summary>Gateway base URLs; clients spread over them and move to the next one when theirs goes away.</summary>
    public List<string> Gateways { get; } = [];

    /// <summary>Silo gateway endpoints ("127.0.0.1:30000") for the drill's Orleans client, which asks where sessions live.</summary>
    public List<string> SiloGateways { get; } = [];

    /// <summary>The first silo's silo port: silo i listens on base+i-1 (how a host silo maps to a local.sh name).</summary>
    public int SiloPortBase { get; set; } = 11111;

    public int Silos { get; set; } = 3;

    public int GatewayCount => Gateways.Count;

    public string Postgres { get; set; } = "";

    /// <summary>deploy/local.sh, run for every fault (it inherits this process's environment).</summary>
    public string LocalScript { get; set; } = "deploy/local.sh";

    public int Sessions { get; set; } = 4;

    public int PlayersPerSession { get; set; } = 2;

    /// <summary>Pause between one acknowledged update and the GM's next one.</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a GM waits for the answer to one update before resending it (same id). A request that was in flight
    /// through a silo that died can otherwise wait for Orleans' response timeout (30 s) on the gateway.
    /// </summary>
    public TimeSpan UpdateTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Faults in order: kill-silo, term-silo, kill-gateway, kill-postgres.</summary>
    public List<string> Faults { get; } = [];

    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Steady running after each fault has been repaired, before the next one.</summary>
    public TimeSpan Settle { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How long PostgreSQL stays down in kill-postgres.</summary>
    public TimeSpan PostgresDowntime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a killed silo stays down after the cluster recovered without it.</summary>
    public TimeSpan SiloDowntime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest wait for recovery after one fault; past it the fault counts as not recovered.</summary>
    public TimeSpan RecoveryLimit { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Budget for the whole run, faults included; the workload stops when it is used up.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The failover target: after kill -9 of a session's silo, its next update succeeds within this.</summary>
    public TimeSpan FailoverTarget { get; set; } = TimeSpan.FromSeconds(10);

    public string? ReportPath { get; set; }

    public static DrillOptions Parse(string[] args)
    {
        var options = new DrillOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var key = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{key} needs a value");
            switch (key)
            {
                case "--gateways": options.Gateways.AddRange(Split(Next())); break;
                case "--silo-gateways": options.SiloGateways.AddRange(Split(Next())); break;
                case "--silo-port-base": options.SiloPortBase = Int(Next()); break;
                case "--silos": options.Silos = Int(Next()); break;
                case "--postgres": options.Postgres = Next(); break;
                case "--local-script": options.LocalScript = Next(); break;
                case "--sessions": options.Sessions = Int(Next()); break;
                case "--players": options.PlayersPerSession = Int(Next()); break;
                case "--update-interval-ms": options.UpdateInterval = TimeSpan.FromMilliseconds(Int(Next())); break;
                case "--update-timeout": options.UpdateTimeout = Seconds(Next()); break;
                case "--faults":
                    // The last --faults wins: deploy/drill.sh passes its plan first, the caller's arguments after it.
                    options.Faults.Clear();
                    options.Faults.AddRange(Split(Next()));
                    break;
                case "--warmup": options.Warmup = Seconds(Next()); break;
                case "--settle": options.Settle = Seconds(Next()); break;
                case "--postgres-downtime": options.PostgresDowntime = Seconds(Next()); break;
                case "--silo-downtime": options.SiloDowntime = Seconds(Next()); break;
                case "--recovery-limit": options.RecoveryLimit = Seconds(Next()); break;
                case "--max-duration": options.MaxDuration = Seconds(Next()); break;
                case "--failover-target": options.FailoverTarget = Seconds(Next()); break;
                case "--report": options.ReportPath = Next(); break;
                default: throw new ArgumentException($"unknown argument {key}");
            }
        }

        if (options.Gateways.Count == 0)
        {
            throw new ArgumentException("--gateways is required");
        }

        foreach (var fault in options.Faults)
        {
            if (fault is not ("kill-silo" or "term-silo" or "kill-gateway" or "kill-postgres"))
            {
                throw new ArgumentException($"unknown fault '{fault}' (kill-silo, term-silo, kill-gateway, kill-postgres)");
            }
        }

        return options;
    }

    private static IEnumerable<string> Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
