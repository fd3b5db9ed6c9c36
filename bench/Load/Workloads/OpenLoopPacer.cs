using System.Diagnostics;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// Paces one loop of an open-loop phase at a fixed rate (or not at all for a closed loop). Each loop starts at its own
/// random phase of the interval: loops started in lockstep would arrive as one burst per interval and measure the queue
/// behind that burst instead of an open loop.
/// </summary>
public sealed class OpenLoopPacer(double rate, Random random)
{
    private readonly long _interval = rate > 0 ? (long)(Stopwatch.Frequency / rate) : 0;
    private long _next = -1;

    /// <summary>Waits for this loop's next send time; false when <paramref name="stop"/> ended the phase first.</summary>
    public async ValueTask<bool> WaitAsync(CancellationToken stop)
    {
        if (_interval == 0)
        {
            return !stop.IsCancellationRequested;
        }

        if (_next < 0)
        {
            _next = Stopwatch.GetTimestamp() + (long)(random.NextDouble() * _interval);
        }

        var now = Stopwatch.GetTimestamp();
        if (_next > now)
        {
            try
            {
                await Task.Delay(Stopwatch.GetElapsedTime(now, _next), stop);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        // Behind schedule by more than a second: skip ahead rather than burst.
        _next = Math.Max(_next + _interval, Stopwatch.GetTimestamp() - Stopwatch.Frequency);
        return !stop.IsCancellationRequested;
    }
}
