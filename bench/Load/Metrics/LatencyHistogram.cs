using System.Diagnostics;

namespace Orleans.GameState.Load.Metrics;

/// <summary>
/// A lock-free log-linear histogram of latencies in microseconds (buckets 1.5 % wide from 1 µs to 100 s), so that
/// thousands of clients can record from any thread without contention or per-sample memory.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.015;
    private static readonly double LogGrowth = Math.Log(Growth);
    private static readonly int BucketCount = (int)Math.Ceiling(Math.Log(1e8) / LogGrowth) + 2;

    private readonly long[] _buckets = new long[BucketCount];
    private long _count;
    private long _sumMicros;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public double MeanMicros => Count == 0 ? 0 : (double)Interlocked.Read(ref _sumMicros) / Count;

    public double MaxMicros => Interlocked.Read(ref _maxMicros);

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds);

    public void Record(double micros)
    {
        var value = Math.Max(micros, 1);
        var index = Math.Min((int)(Math.Log(value) / LogGrowth), BucketCount - 1);
        Interlocked.Increment(ref _buckets[index]);
        Interlocked.Increment(ref _count);
        var rounded = (long)value;
        Interlocked.Add(ref _sumMicros, rounded);
        long max;
        while (rounded > (max = Interlocked.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, rounded, max) != max)
        {
        }
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1), in microseconds: the upper edge of its bucket.</summary>
    public double Percentile(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return Math.Min(Math.Pow(Growth, i + 1), MaxMicros);
            }
        }

        return MaxMicros;
    }

    /// <summary>Bins for a chart: counts per power-of-two-ish range, in microseconds (from, to, count).</summary>
    public IReadOnlyList<HistogramBin> Bins(int binsPerDoubling = 2)
    {
        var bins = new List<HistogramBin>();
        var step = Math.Pow(2, 1.0 / binsPerDoubling);
        double from = 1;
        var i = 0;
        while (from < 1e8 && i < BucketCount)
        {
            var to = from * step;
            long count = 0;
            while (i < BucketCount && Math.Pow(Growth, i + 1) <= to)
            {
                count += Interlocked.Read(ref _buckets[i]);
                i++;
            }

            bins.Add(new HistogramBin(from, to, count));
            from = to;
        }

        // Trim empty tails.
        var first = bins.FindIndex(b => b.Count > 0);
        var last = bins.FindLastIndex(b => b.Count > 0);
        return first < 0 ? [] : bins.GetRange(first, last - first + 1);
    }

    public LatencySummary Summary() => new(
        Count,
        Round(MeanMicros / 1000),
        Round(Percentile(0.50) / 1000),
        Round(Percentile(0.95) / 1000),
        Round(Percentile(0.99) / 1000),
        Round(MaxMicros / 1000),
        Bins());

    private static double Round(double value) => Math.Round(value, 3);
}

public sealed record HistogramBin(double FromMicros, double ToMicros, long Count);

/// <summary>Latency figures in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs, IReadOnlyList<HistogramBin> Bins)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, []);
}
