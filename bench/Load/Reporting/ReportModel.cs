using Orleans.GameState.Load.Metrics;

namespace Orleans.GameState.Load.Reporting;

/// <summary>The outcome of one measured phase: our system, or a baseline.</summary>
public sealed record PhaseResult
{
    public required string Name { get; init; }

    /// <summary>gateway, bare-hub, postgres, grain; join, request-full and postgres-select (join workload).</summary>
    public required string Kind { get; init; }

    public string Description { get; init; } = "";

    public int Sessions { get; init; }

    public int PlayersPerSession { get; init; }

    public string PlayerClient { get; init; } = "";

    /// <summary>Updates/s per GM asked for; 0 for a closed loop.</summary>
    public double Rate { get; init; }

    /// <summary>Writers (GMs, publishers or INSERT loops) with one request in flight each.</summary>
    public int Concurrency { get; init; }

    public double MeasuredSeconds { get; init; }

    public long Acked { get; init; }

    public double AckedPerSecond { get; init; }

    public LatencySummary RoundTrip { get; init; } = LatencySummary.Empty;

    public long Deliveries { get; init; }

    public double DeliveriesPerSecond { get; init; }

    public LatencySummary Delivery { get; init; } = LatencySummary.Empty;

    public double AveragePayloadBytes { get; init; }

    public IReadOnlyDictionary<string, long> ErrorsByCode { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, long> Violations { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<string> ViolationExamples { get; init; } = [];

    public Convergence? Convergence { get; init; }

    public IReadOnlyList<ResourceUsage> Resources { get; init; } = [];

    public double? MachineCpuPercent { get; init; }

    public IReadOnlyList<SeriesPoint> Series { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool Correct => Violations.Count == 0 && (Convergence?.AllConverged ?? true);

    /// <summary>
    /// Microseconds of CPU the server processes whose names start with <paramref name="processPrefix"/> used per
    /// delivery over the window; null when there is no such process or no delivery.
    /// </summary>
    public double? CpuMicrosPerDelivery(string processPrefix)
    {
        var processes = Resources.Where(r => r.Process.StartsWith(processPrefix, StringComparison.Ordinal)).ToList();
        return processes.Count == 0 || Deliveries == 0 ? null : Math.Round(processes.Sum(r => r.CpuPercent) / 100 * MeasuredSeconds * 1e6 / Deliveries, 1);
    }
}

/// <summary>Whether every player ended with the server's state.</summary>
public sealed record Convergence(int Players, int Converged, int Sessions, string Method, IReadOnlyList<string> Problems)
{
    public bool AllConverged => Players == Converged && Problems.Count == 0;
}

/// <summary>A process's use over the measured window. CPU: 100 = one core busy all the time.</summary>
public sealed record ResourceUsage(
    string Process,
    double CpuPercent,
    double PeakWorkingSetMb,
    double? GcHeapMb,
    double? AllocatedMbPerSecond,
    double? GcPausePercent,
    int? Gen2Collections,
    double? LockContentionsPerSecond,
    long? ThreadPoolQueueMax,
    int Processes);

public sealed record SeriesPoint(
    double Seconds,
    double AckedPerSecond,
    double DeliveriesPerSecond,
    double ErrorsPerSecond,
    IReadOnlyDictionary<string, double> CpuPercent,
    IReadOnlyDictionary<string, double> WorkingSetMb);

/// <summary>One of our figures against its baseline and goal.</summary>
public sealed record Ratio(string Name, double Ours, double Baseline, string Unit, double Value, string Goal, bool Met, string Note);

/// <summary>The idle-sessions workload: server memory per activated session.</summary>
public sealed record IdleMemory(
    int Sessions,
    long? Activations,
    int StateBytes,
    string Method,
    double HeapBeforeMb,
    double HeapAfterMb,
    double WorkingSetBeforeMb,
    double WorkingSetAfterMb,
    double BytesPerSession,
    double BytesPerSessionBeyondState,
    double SetupSeconds);

/// <summary>
/// The stall workload's observation of its stalled player: from the moment it stopped reading (after its join's
/// answer), when the gateway counted it, when the server's end of its TCP connection closed, how long the server kept
/// writing to it, and the serving process's memory. Seconds are null when the thing was not seen before the watch ended.
/// </summary>
public sealed record StallObservation(
    string Process,
    double? CounterBefore,
    double? CounterAfter,
    double? SecondsToCounted,
    double? SecondsToServerClosed,
    double? SecondsToClientSawClose,
    double? SecondsServerKeptWriting,
    long MaxQueuedBytes,
    double WatchedSeconds,
    long DrainedBytes,
    string DrainOutcome,
    double? RssBeforeMb,
    double? RssDuringMb,
    double? RssAfterMb,
    IReadOnlyList<string> Timeline);

public sealed record MachineInfo(int Cores, string Os, string Runtime, double MemoryGb, string Cpu, string LoadAverage);

public sealed record LoadReport
{
    public required string Name { get; init; }

    public required string Command { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public double WallSeconds { get; init; }

    public required MachineInfo Machine { get; init; }

    public required string Server { get; init; }

    public IReadOnlyList<PhaseResult> Phases { get; init; } = [];

    public IReadOnlyList<Ratio> Ratios { get; init; } = [];

    public IdleMemory? Idle { get; init; }

    public StallObservation? Stall { get; init; }

    public IReadOnlyList<string> Findings { get; init; } = [];

    /// <summary>No lost, duplicated or out-of-order update anywhere, and every player converged.</summary>
    public bool Correct => Phases.All(p => p.Correct);
}
