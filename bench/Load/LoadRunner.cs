using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;
using Orleans.GameState.Load.Servers;
using Orleans.GameState.Load.Workloads;

namespace Orleans.GameState.Load;

/// <summary>Runs a workload against the chosen server, with its baselines, and builds the report.</summary>
public static class LoadRunner
{
    public const double DurableGoal = 0.6;
    public const double RoundTripGoalMs = 10;
    public const double FanOutGoal = 0.7;
    public const double IdleGoalBytes = 20 * 1024;

    public static async Task<LoadReport> RunAsync(LoadOptions options, string outputDirectory, IProgressSink progress, CancellationToken cancellationToken = default)
    {
        options.Validate();
        Directory.CreateDirectory(outputDirectory);
        var started = DateTimeOffset.UtcNow;
        var wall = Stopwatch.GetTimestamp();
        var serverLog = Path.Combine(outputDirectory, "server.log");
        progress.Line(options.Mode == LoadMode.Target ? $"target: {options.TargetUrl}" : $"starting a {options.Silos}-silo TestingHost cluster and the gateway" + (options.InProcess ? " in this process" : " in a child process"));
        await using var server = await StartServerAsync(options, serverLog);
        progress.Line($"server: {server.Description}; gateway {server.Gateway}");
        BareHubServer? bareHub = null;
        try
        {
            var postgres = await PostgresProcesses.FindAsync(server.Postgres);
            using var api = new GatewayApi(server.Gateway);
            var inProcess = options.Mode == LoadMode.Cluster && options.InProcess;
            var context = new PhaseContext(
                options,
                api,
                progress,
                server.SampleAsync,
                async () => bareHub is null ? [] : await bareHub.SampleAsync(),
                () => postgres?.Sample(),
                SampleLoadProcess: !inProcess);

            async Task<Uri> BareHubAsync()
            {
                bareHub ??= await BareHubServer.StartAsync(inProcess, Path.Combine(outputDirectory, "barehub.log"));
                return bareHub.HubAddress;
            }

            var phases = new List<PhaseResult>();
            IdleMemory? idle = null;
            StallObservation? stall = null;
            var notes = new List<string>();
            switch (options.Workload)
            {
                case Workload.Sessions:
                {
                    var sessions = await SetupSessionsAsync(context, options.Sessions, options.Players, cancellationToken);
                    var ours = await GatewayPhase.RunAsync(context, "gateway", sessions, options.PlayerClient, cancellationToken);
                    phases.Add(ours);
                    if (options.Baselines)
                    {
                        if (server.Postgres is { } connection)
                        {
                            phases.Add(await PostgresPhase.RunAsync(context, "postgres", connection, options.Sessions, options.Rate, PayloadBytes(ours), options.EffectiveBaselineDuration, cancellationToken));
                        }
                        else
                        {
                            notes.Add("No PostgreSQL connection string (target mode without --postgres or .data/postgres): no PostgreSQL baseline.");
                        }

                        phases.Add(await BareHubPhase.RunAsync(context, "bare hub", await BareHubAsync(), options.Sessions, options.Players, options.Rate, options.EffectiveBaselineDuration, cancellationToken));
                        if (await GrainPhaseAsync(context, server) is { } grain)
                        {
                            phases.Add(grain);
                        }
                    }

                    break;
                }

                case Workload.FanOut:
                {
                    var sessions = await SetupSessionsAsync(context, 1, options.Players, cancellationToken);
                    phases.Add(await GatewayPhase.RunAsync(context, "gateway, SDK players", sessions, PlayerClient.Sdk, cancellationToken));
                    var raw = await GatewayPhase.RunAsync(context, "gateway, raw players", sessions, PlayerClient.Raw, cancellationToken);
                    phases.Add(raw);
                    if (options.Baselines)
                    {
                        var hub = await BareHubAsync();
                        phases.Add(await BareHubPhase.RunAsync(context, "bare hub, closed loop", hub, 1, options.Players, options.Rate, options.EffectiveBaselineDuration, cancellationToken));
                        if (raw.AckedPerSecond > 0)
                        {
                            phases.Add(await BareHubPhase.RunAsync(context, "bare hub, gateway's rate", hub, 1, options.Players, raw.AckedPerSecond, options.EffectiveBaselineDuration, cancellationToken));
                        }
                    }

                    break;
                }

                case Workload.Idle:
                    idle = await IdlePhase.RunAsync(context, server, cancellationToken);
                    break;

                case Workload.Views:
                    phases.AddRange(await ViewsWorkload.RunAsync(context, cancellationToken));
                    break;

                case Workload.Join:
                    if (server.Postgres is null)
                    {
                        notes.Add("No PostgreSQL connection string (target mode without --postgres or .data/postgres): no SELECT baseline.");
                    }

                    phases.AddRange(await JoinWorkload.RunAsync(context, options.Baselines ? server.Postgres : null, cancellationToken));
                    break;

                case Workload.Stall:
                {
                    var (stallPhases, observation) = await StallWorkload.RunAsync(context, cancellationToken);
                    phases.AddRange(stallPhases);
                    stall = observation;
                    notes.AddRange(StallWorkload.Describe(observation));
                    break;
                }
            }

            var report = new LoadReport
            {
                Name = options.Name,
                Command = options.Describe(),
                StartedUtc = started,
                WallSeconds = Math.Round(Stopwatch.GetElapsedTime(wall).TotalSeconds, 1),
                Machine = Machine(),
                Server = server.Description,
                Phases = phases,
                Idle = idle,
                Stall = stall,
            };
            return report with { Ratios = Ratios(report), Findings = [.. notes, .. Findings(report)] };
        }
        finally
        {
            if (bareHub is not null)
            {
                await bareHub.DisposeAsync();
            }
        }
    }

    private static async Task<ILoadServer> StartServerAsync(LoadOptions options, string log) => options.Mode switch
    {
        LoadMode.Target => TargetServer.Create(options),
        _ when options.InProcess => await InProcessClusterServer.StartAsync(options, log),
        _ => await ChildClusterServer.StartAsync(options, log),
    };

    /// <summary>The breakdown's middle layer: one session's updates straight on the grain, no SignalR or gateway (cluster mode only).</summary>
    private static async Task<PhaseResult?> GrainPhaseAsync(PhaseContext context, ILoadServer server)
    {
        var updates = (int)Math.Clamp(context.Options.EffectiveBaselineDuration.TotalSeconds * 200, 200, 5000);
        context.Progress.Line($"grain: {updates} sequential updates straight on a session grain (cluster client, no gateway)");
        if (await server.GrainRoundTripAsync(updates, context.Options.OperationsPerUpdate) is not { } grain)
        {
            return null;
        }

        return new PhaseResult
        {
            Name = "grain direct",
            Kind = "grain",
            Description = $"{updates} sequential updates on one session grain through the Orleans cluster client: Orleans messaging + engine + durable append, no SignalR, no gateway, no SDK",
            Sessions = 1,
            Concurrency = 1,
            MeasuredSeconds = Math.Round(updates / Math.Max(grain.UpdatesPerSecond, 1e-3), 2),
            Acked = updates,
            AckedPerSecond = grain.UpdatesPerSecond,
            RoundTrip = grain.Latency,
            Notes = [string.Create(CultureInfo.InvariantCulture, $"CPU of the silos+gateway process per update: {grain.CpuMsPerUpdate:F3} ms")],
        };
    }

    private static int PayloadBytes(PhaseResult ours) => ours.AveragePayloadBytes > 0 ? (int)ours.AveragePayloadBytes : 250;

    /// <summary>Creates, through the REST API, one campaign per session with its GM and players, and the session.</summary>
    public static async Task<IReadOnlyList<SessionSpec>> SetupSessionsAsync(PhaseContext context, int sessions, int players, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        context.Progress.Line($"setup: {sessions} campaign(s) and session(s), {players} player(s) each");
        var specs = new SessionSpec[sessions];
        await context.ForEachAsync(Enumerable.Range(0, sessions), async s =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var gm = $"gm-{run}-{s}";
            var campaign = await context.Api.CreateCampaignAsync(gm, $"load {run} {s}");
            var members = Enumerable.Range(0, players).Select(p => $"p-{run}-{s}-{p}").ToList();
            foreach (var member in members)
            {
                await context.Api.AddMemberAsync(gm, campaign, member);
            }

            specs[s] = new SessionSpec(s, await context.Api.CreateSessionAsync(gm, campaign), gm, members);
        });
        return specs;
    }

    public static IReadOnlyList<Ratio> Ratios(LoadReport report)
    {
        var ratios = new List<Ratio>();
        var ours = report.Phases.FirstOrDefault(p => p.Kind == "gateway");
        var postgres = report.Phases.FirstOrDefault(p => p.Kind == "postgres");
        var bare = report.Phases.FirstOrDefault(p => p.Kind == "bare-hub");
        if (ours is not null && postgres is not null && postgres.AckedPerSecond > 0)
        {
            var value = ours.AckedPerSecond / postgres.AckedPerSecond;
            ratios.Add(new Ratio("durable updates/s vs PostgreSQL commits/s", ours.AckedPerSecond, postgres.AckedPerSecond, "per s", Math.Round(value, 3),
                $">= {DurableGoal}", value >= DurableGoal, $"concurrency {ours.Concurrency} on both"));
        }

        if (ours is not null && ours.RoundTrip.Count > 0)
        {
            ratios.Add(new Ratio("GM round trip p99", ours.RoundTrip.P99Ms, postgres?.RoundTrip.P99Ms ?? double.NaN, "ms",
                postgres is { RoundTrip.P99Ms: > 0 } ? Math.Round(ours.RoundTrip.P99Ms / postgres.RoundTrip.P99Ms, 2) : double.NaN,
                $"< {RoundTripGoalMs} ms", ours.RoundTrip.P99Ms < RoundTripGoalMs,
                postgres is null ? "no PostgreSQL baseline in this run" : "baseline: a bare INSERT commit's p99 at the same concurrency"));
        }

        foreach (var gateway in report.Phases.Where(p => p.Kind == "gateway" && p.Deliveries > 0))
        {
            var closedLoopBare = report.Phases.FirstOrDefault(p => p.Kind == "bare-hub" && p.Sessions == gateway.Sessions && p.PlayersPerSession == gateway.PlayersPerSession && p.Rate == gateway.Rate);
            if (closedLoopBare is { DeliveriesPerSecond: > 0 })
            {
                var value = gateway.DeliveriesPerSecond / closedLoopBare.DeliveriesPerSecond;
                ratios.Add(new Ratio($"fan-out deliveries/s vs bare hub ({gateway.Name})", gateway.DeliveriesPerSecond, closedLoopBare.DeliveriesPerSecond, "per s",
                    Math.Round(value, 3), $">= {FanOutGoal}", value >= FanOutGoal, $"bare hub publisher {(closedLoopBare.Rate > 0 ? $"at {closedLoopBare.Rate} /s" : "in a closed loop")}"));
            }

            var matched = report.Phases.LastOrDefault(p => p.Kind == "bare-hub" && p.PlayersPerSession == gateway.PlayersPerSession) ?? bare;
            if (matched is { Delivery.Count: > 0 } && gateway.Delivery.Count > 0)
            {
                ratios.Add(new Ratio($"delivery p50 vs bare hub ({gateway.Name})", gateway.Delivery.P50Ms, matched.Delivery.P50Ms, "ms",
                    Math.Round(gateway.Delivery.P50Ms / Math.Max(matched.Delivery.P50Ms, 1e-3), 2), "info", true, $"vs '{matched.Name}'"));
                ratios.Add(new Ratio($"delivery p99 vs bare hub ({gateway.Name})", gateway.Delivery.P99Ms, matched.Delivery.P99Ms, "ms",
                    Math.Round(gateway.Delivery.P99Ms / Math.Max(matched.Delivery.P99Ms, 1e-3), 2), "info", true, $"vs '{matched.Name}'"));
            }
        }

        ratios.AddRange(ViewsWorkload.Ratios(report.Phases));
        ratios.AddRange(JoinWorkload.Ratios(report.Phases));
        ratios.AddRange(StallWorkload.Ratios(report.Phases));
        if (report.Idle is { } idle)
        {
            ratios.Add(new Ratio("memory per idle session beyond its state", idle.BytesPerSessionBeyondState / 1024, IdleGoalBytes / 1024, "KB",
                Math.Round(idle.BytesPerSessionBeyondState / IdleGoalBytes, 3), "< 20 KB", idle.BytesPerSessionBeyondState < IdleGoalBytes,
                $"{idle.BytesPerSession / 1024:F1} KB per session in all, state {idle.StateBytes} bytes as JSON"));
        }

        return ratios;
    }

    /// <summary>Where the time and the CPU went, from the counters: the evidence for the report's bottleneck section.</summary>
    public static IReadOnlyList<string> Findings(LoadReport report)
    {
        var findings = new List<string>();
        var cores = report.Machine.Cores;
        foreach (var phase in report.Phases)
        {
            if (phase.MachineCpuPercent is { } machine)
            {
                var top = string.Join(", ", phase.Resources.OrderByDescending(r => r.CpuPercent).Select(r => $"{r.Process} {r.CpuPercent:F0}%"));
                var verdict = machine >= 85 ? "CPU-bound (the machine's cores are saturated)" : machine >= 60 ? "CPU-heavy" : "not CPU-bound";
                findings.Add($"{phase.Name}: machine CPU {machine:F0}% of {cores} cores, {verdict}; by process (100% = one core): {top}.");
            }

            foreach (var r in phase.Resources.Where(r => r.LockContentionsPerSecond > 100 || r.GcPausePercent > 5))
            {
                findings.Add($"{phase.Name}: {r.Process}: {r.LockContentionsPerSecond:F0} lock contentions/s, GC pause {r.GcPausePercent:F1}% of the time, {r.AllocatedMbPerSecond:F0} MB/s allocated, thread-pool queue up to {r.ThreadPoolQueueMax}.");
            }

            if (phase.ErrorsByCode.Count > 0)
            {
                findings.Add($"{phase.Name}: errors {string.Join(", ", phase.ErrorsByCode.Select(e => $"{e.Key} x{e.Value}"))}.");
            }
        }

        foreach (var phase in report.Phases.Where(p => p.Kind is "gateway" or "bare-hub" && p.Acked > 0))
        {
            var server = phase.Resources.FirstOrDefault(r => r.Process is "silos+gateway" or "bare hub" || r.Process.StartsWith("gateway", StringComparison.Ordinal));
            if (server is not null)
            {
                var perUpdate = server.CpuPercent / 100 * phase.MeasuredSeconds * 1000 / phase.Acked;
                var perDelivery = phase.Deliveries > 0 ? server.CpuPercent / 100 * phase.MeasuredSeconds * 1e6 / phase.Deliveries : 0;
                var deliveryText = perDelivery > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({perDelivery:F0} µs per delivery).") : ".";
                findings.Add(string.Create(CultureInfo.InvariantCulture, $"{phase.Name}: {server.Process} used {perUpdate:F2} ms of CPU per acknowledged update") + deliveryText);
            }
        }

        var ours = report.Phases.FirstOrDefault(p => p.Kind == "gateway");
        var postgres = report.Phases.FirstOrDefault(p => p.Kind == "postgres");
        var grain = report.Phases.FirstOrDefault(p => p.Kind == "grain");
        if (ours is { RoundTrip.Count: > 0 } && grain is { RoundTrip.Count: > 0 } && postgres is { RoundTrip.Count: > 0 })
        {
            findings.Add(string.Create(CultureInfo.InvariantCulture,
                $"Breakdown (p50): INSERT commit {postgres.RoundTrip.P50Ms:F2} ms (at concurrency {postgres.Concurrency}); grain update via the cluster client {grain.RoundTrip.P50Ms:F2} ms " +
                $"(sequential, {grain.Notes.FirstOrDefault()}); GM through SDK + SignalR + gateway {ours.RoundTrip.P50Ms:F2} ms (at concurrency {ours.Concurrency})."));
        }

        if (ours is { RoundTrip.Count: > 0 } && postgres is { RoundTrip.Count: > 0 })
        {
            findings.Add(string.Create(CultureInfo.InvariantCulture,
                $"Round trip: our GM p50 {ours.RoundTrip.P50Ms:F2} ms vs a bare INSERT commit p50 {postgres.RoundTrip.P50Ms:F2} ms at the same concurrency: " +
                $"the other {Math.Max(0, ours.RoundTrip.P50Ms - postgres.RoundTrip.P50Ms):F2} ms are SDK, SignalR, gateway, Orleans and engine, and queueing for CPU."));
        }

        return findings;
    }

    public static MachineInfo Machine()
    {
        var cpu = "";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        }
        catch (IOException)
        {
        }

        var load = "";
        try
        {
            load = File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
        }

        return new MachineInfo(
            Environment.ProcessorCount,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0, 1),
            cpu,
            load);
    }
}
