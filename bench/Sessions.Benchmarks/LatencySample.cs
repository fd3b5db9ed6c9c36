using System.Diagnostics;

namespace Orleans.GameState.Benchmarks;

/// <summary>Latencies of one measured loop, in microseconds, with the percentiles the report prints.</summary>
public sealed class LatencySample(string name)
{
    private readonly List<double> _micros = [];

    public string Name { get; } = name;

    public async Task MeasureAsync(int iterations, Func<int, Task> operation)
    {
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(i);
            _micros.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
    }

    public double Percentile(double p)
    {
        var sorted = _micros.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public double Mean => _micros.Average();

    public string Row(LatencySample? baseline) =>
        $"| {Name} | {_micros.Count} | {Mean:F0} | {Percentile(0.5):F0} | {Percentile(0.99):F0} | {(baseline is null ? "1.00" : (Percentile(0.5) / baseline.Percentile(0.5)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture))} |";
}
