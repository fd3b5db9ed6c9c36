using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.GameState.Load.Metrics;

/// <summary>
/// What the simulated clients of one phase record. Latencies and throughput count only while <see cref="Measuring"/>
/// (after the warm-up); correctness checks count always.
/// </summary>
public sealed class PhaseMetrics
{
    private long _acked;
    private long _deliveries;
    private long _errors;
    private long _payloadBytes;
    private long _payloadSamples;
    private long _measureStart;
    private long _measureEnd;

    public LatencyHistogram RoundTrip { get; } = new();

    public LatencyHistogram Delivery { get; } = new();

    public ConcurrentDictionary<string, long> ErrorsByCode { get; } = new();

    /// <summary>Correctness problems seen by clients (lost, duplicated, out of order, diverged), by kind.</summary>
    public ConcurrentDictionary<string, long> Violations { get; } = new();

    public ConcurrentQueue<string> ViolationExamples { get; } = new();

    public bool Measuring { get; private set; }

    public long Acked => Interlocked.Read(ref _acked);

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Measured seconds: from <see cref="StartMeasuring"/> to <see cref="StopMeasuring"/> (or now).</summary>
    public double MeasuredSeconds
    {
        get
        {
            var start = Interlocked.Read(ref _measureStart);
            if (start == 0)
            {
                return 0;
            }

            var end = Interlocked.Read(ref _measureEnd);
            return Stopwatch.GetElapsedTime(start, end == 0 ? Stopwatch.GetTimestamp() : end).TotalSeconds;
        }
    }

    public double AveragePayloadBytes => Interlocked.Read(ref _payloadSamples) == 0 ? 0 : (double)Interlocked.Read(ref _payloadBytes) / Interlocked.Read(ref _payloadSamples);

    public void StartMeasuring()
    {
        Interlocked.Exchange(ref _measureStart, Stopwatch.GetTimestamp());
        Measuring = true;
    }

    public void StopMeasuring()
    {
        Measuring = false;
        Interlocked.Exchange(ref _measureEnd, Stopwatch.GetTimestamp());
    }

    public void Acknowledged(long sentTimestamp)
    {
        if (Measuring)
        {
            Interlocked.Increment(ref _acked);
            RoundTrip.RecordSince(sentTimestamp);
        }
    }

    public void Delivered(long sentTimestamp)
    {
        if (Measuring)
        {
            Interlocked.Increment(ref _deliveries);
            if (sentTimestamp != 0)
            {
                Delivery.RecordSince(sentTimestamp);
            }
        }
    }

    public void Failed(string code)
    {
        Interlocked.Increment(ref _errors);
        ErrorsByCode.AddOrUpdate(code, 1, (_, n) => n + 1);
    }

    public void Violation(string kind, string example)
    {
        Violations.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (ViolationExamples.Count < 20)
        {
            ViolationExamples.Enqueue($"{kind}: {example}");
        }
    }

    public void Payload(int bytes)
    {
        Interlocked.Add(ref _payloadBytes, bytes);
        Interlocked.Increment(ref _payloadSamples);
    }
}

/// <summary>
/// When each version of each session was sent, as <see cref="Stopwatch"/> timestamps: all clients live in this
/// process, so a player's delivery latency is its receive time minus the GM's send time of that version, exactly.
/// </summary>
public sealed class SendTimes
{
    private const int Window = 1 << 14;
    private readonly long[][] _sessions;

    public SendTimes(int sessions)
    {
        _sessions = new long[sessions][];
        for (var i = 0; i < sessions; i++)
        {
            _sessions[i] = new long[Window];
        }
    }

    public void Sent(int session, long version, long timestamp) => Volatile.Write(ref _sessions[session][version & (Window - 1)], timestamp);

    public long Get(int session, long version) => Volatile.Read(ref _sessions[session][version & (Window - 1)]);
}
