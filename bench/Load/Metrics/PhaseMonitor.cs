using System.Diagnostics;
using Orleans.GameState.Load.Reporting;

namespace Orleans.GameState.Load.Metrics;

/// <summary>Live figures for the progress display.</summary>
public sealed record LiveFigures(
    string Phase,
    double Elapsed,
    double Total,
    bool Warming,
    double AckedPerSecond,
    double DeliveriesPerSecond,
    double RoundTripP99Ms,
    double DeliveryP99Ms,
    long Errors,
    long Violations,
    string Cpu);

/// <summary>Where progress goes: the live terminal display, plain lines, or a test's output.</summary>
public interface IProgressSink
{
    void Line(string text);

    void Live(LiveFigures figures);
}

/// <summary>
/// Runs the warm-up and the measured window of a phase: switches measuring on, samples throughput and the processes'
/// CPU and memory once a second (the series of the report), and sums up their use over the window.
/// </summary>
public sealed class PhaseMonitor(string phase, PhaseMetrics metrics, Func<Task<IReadOnlyList<ResourceSample>>> sample, IProgressSink progress)
{
    private readonly List<(double Seconds, IReadOnlyList<ResourceSample> Samples)> _samples = [];
    private readonly List<SeriesPoint> _series = [];
    private (long Busy, long Total)? _machineStart;
    private (long Busy, long Total)? _machineEnd;
    private readonly Dictionary<string, double> _firstCpu = [];
    private long _measureStartTimestamp;

    public const string OtherProcesses = "other processes (not this run)";

    public IReadOnlyList<SeriesPoint> Series => _series;

    public double? MachineCpuPercent =>
        _machineStart is { } a && _machineEnd is { } b && b.Total > a.Total ? Math.Round(100.0 * (b.Busy - a.Busy) / (b.Total - a.Total), 1) : null;

    public async Task RunAsync(TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < warmup)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(1, (warmup - Stopwatch.GetElapsedTime(started)).TotalMilliseconds))), cancellationToken);
            progress.Live(Figures(Stopwatch.GetElapsedTime(started).TotalSeconds, warmup.TotalSeconds, warming: true, 0, 0, ""));
        }

        metrics.StartMeasuring();
        var measureStart = Stopwatch.GetTimestamp();
        _measureStartTimestamp = measureStart;
        _machineStart = ResourceSample.MachineCpu();
        _samples.Add((0, WithOthers(await sample())));
        long lastAcked = 0, lastDeliveries = 0, lastErrors = 0;
        var lastSeconds = 0.0;
        var end = measureStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tick = 1;
        while (Stopwatch.GetTimestamp() < end)
        {
            var next = measureStart + tick * Stopwatch.Frequency;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Math.Min(next, end));
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            tick++;
            var seconds = Stopwatch.GetElapsedTime(measureStart).TotalSeconds;
            var samples = WithOthers(await sample());
            var previous = _samples[^1];
            _samples.Add((seconds, samples));
            var interval = Math.Max(seconds - lastSeconds, 1e-3);
            long acked = metrics.Acked, deliveries = metrics.Deliveries, errors = metrics.Errors;
            var cpu = samples.ToDictionary(s => s.Process, s => Math.Round(CpuPercent(previous.Samples, s, seconds - previous.Seconds), 1));
            _series.Add(new SeriesPoint(
                Math.Round(seconds, 2),
                Math.Round((acked - lastAcked) / interval, 1),
                Math.Round((deliveries - lastDeliveries) / interval, 1),
                Math.Round((errors - lastErrors) / interval, 1),
                cpu,
                samples.ToDictionary(s => s.Process, s => Math.Round(s.WorkingSetBytes / 1048576.0, 1))));
            progress.Live(Figures(seconds, duration.TotalSeconds, warming: false, (acked - lastAcked) / interval, (deliveries - lastDeliveries) / interval,
                string.Join("  ", cpu.Select(c => $"{c.Key} {c.Value:F0}%"))));
            (lastAcked, lastDeliveries, lastErrors, lastSeconds) = (acked, deliveries, errors, seconds);
        }

        _machineEnd = ResourceSample.MachineCpu();
        metrics.StopMeasuring();
    }

    /// <summary>
    /// Adds "other processes": the machine's busy CPU time (all cores, /proc/stat) less the processes of this run, so a
    /// run on a shared machine shows how much of the CPU someone else was using.
    /// </summary>
    private IReadOnlyList<ResourceSample> WithOthers(IReadOnlyList<ResourceSample> samples)
    {
        if (_machineStart is not { } machineStart)
        {
            return samples;
        }

        if (_firstCpu.Count == 0)
        {
            foreach (var s in samples)
            {
                _firstCpu[s.Process] = s.CpuMs;
            }

            return [.. samples, new ResourceSample(OtherProcesses, 0, 0)];
        }

        if (ResourceSample.MachineCpu() is not { } machine || machine.Total <= machineStart.Total)
        {
            return [.. samples, new ResourceSample(OtherProcesses, 0, 0)];
        }

        // Busy share of all cores' jiffies since the start, times the cores and the elapsed time: the machine's CPU time.
        var busyMs = (double)(machine.Busy - machineStart.Busy) / (machine.Total - machineStart.Total) * Environment.ProcessorCount
                     * Stopwatch.GetElapsedTime(_measureStartTimestamp).TotalMilliseconds;
        var ours = samples.Sum(s => s.CpuMs - _firstCpu.GetValueOrDefault(s.Process, s.CpuMs));
        return [.. samples, new ResourceSample(OtherProcesses, Math.Max(0, busyMs - ours), 0)];
    }

    /// <summary>Each process's use between the first and the last sample.</summary>
    public IReadOnlyList<ResourceUsage> Usage()
    {
        if (_samples.Count < 2)
        {
            return [];
        }

        var (firstSeconds, first) = _samples[0];
        var (lastSeconds, last) = _samples[^1];
        var window = Math.Max(lastSeconds - firstSeconds, 1e-3);
        var usage = new List<ResourceUsage>();
        foreach (var end in last)
        {
            var start = first.FirstOrDefault(s => s.Process == end.Process);
            if (start is null)
            {
                continue;
            }

            var all = _samples.Select(s => s.Samples.FirstOrDefault(x => x.Process == end.Process)).OfType<ResourceSample>().ToList();
            usage.Add(new ResourceUsage(
                end.Process,
                Math.Round(CpuPercent([start], end, window), 1),
                Math.Round(all.Max(s => s.WorkingSetBytes) / 1048576.0, 1),
                end.GcHeapBytes is { } heap ? Math.Round(heap / 1048576.0, 1) : null,
                end.AllocatedBytes is { } allocated && start.AllocatedBytes is { } allocatedBefore ? Math.Round((allocated - allocatedBefore) / 1048576.0 / window, 1) : null,
                end.GcPauseMs is { } pause && start.GcPauseMs is { } pauseBefore ? Math.Round(100 * (pause - pauseBefore) / (window * 1000), 2) : null,
                end.Gen2 - start.Gen2,
                end.LockContentions is { } locks && start.LockContentions is { } locksBefore ? Math.Round((locks - locksBefore) / window, 1) : null,
                all.Max(s => s.ThreadPoolQueue),
                end.Processes));
        }

        return usage;
    }

    private static double CpuPercent(IReadOnlyList<ResourceSample> before, ResourceSample now, double seconds)
    {
        var start = before.FirstOrDefault(s => s.Process == now.Process);
        return start is null || seconds <= 0 ? 0 : Math.Max(0, 100 * (now.CpuMs - start.CpuMs) / (seconds * 1000));
    }

    private LiveFigures Figures(double elapsed, double total, bool warming, double acked, double deliveries, string cpu) => new(
        phase,
        elapsed,
        total,
        warming,
        acked,
        deliveries,
        metrics.RoundTrip.Percentile(0.99) / 1000,
        metrics.Delivery.Percentile(0.99) / 1000,
        metrics.Errors,
        metrics.Violations.Values.Sum(),
        cpu);
}
