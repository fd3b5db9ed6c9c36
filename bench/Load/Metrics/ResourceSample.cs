using System.Globalization;

namespace Orleans.GameState.Load.Metrics;

/// <summary>
/// One reading of a process's cumulative CPU time and its memory. .NET processes of this tool report their GC heap and
/// runtime counters too (lock contention, thread-pool queue); other processes are read from /proc.
/// </summary>
public sealed record ResourceSample(
    string Process,
    double CpuMs,
    long WorkingSetBytes,
    long? GcHeapBytes = null,
    long? GcCommittedBytes = null,
    int? Gen0 = null,
    int? Gen1 = null,
    int? Gen2 = null,
    double? GcPauseMs = null,
    long? LockContentions = null,
    long? ThreadPoolQueue = null,
    int? ThreadPoolThreads = null,
    long? AllocatedBytes = null,
    int Processes = 1)
{
    /// <summary>This process, with its runtime counters.</summary>
    public static ResourceSample Current(string name)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var info = GC.GetGCMemoryInfo();
        return new ResourceSample(
            name,
            process.TotalProcessorTime.TotalMilliseconds,
            process.WorkingSet64,
            GC.GetTotalMemory(false),
            info.TotalCommittedBytes,
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds,
            Monitor.LockContentionCount,
            ThreadPool.PendingWorkItemCount,
            ThreadPool.ThreadCount,
            GC.GetTotalAllocatedBytes());
    }

    /// <summary>A process by pid, from /proc (Linux); null when it is gone or unreadable.</summary>
    public static ResourceSample? FromProc(string name, int pid, bool withChildren = false)
    {
        var self = ReadProc(pid);
        if (self is null)
        {
            return null;
        }

        var (cpu, rss) = self.Value;
        var count = 1;
        if (withChildren)
        {
            foreach (var child in ChildrenOf(pid))
            {
                if (ReadProc(child) is { } c)
                {
                    cpu += c.CpuMs;
                    rss += c.RssBytes;
                    count++;
                }
            }
        }

        return new ResourceSample(name, cpu, rss, Processes: count);
    }

    /// <summary>Busy and total jiffies of the whole machine (/proc/stat), for its CPU use.</summary>
    public static (long Busy, long Total)? MachineCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Take(8).Sum();
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The parent pid of a process (the postmaster of a PostgreSQL backend).</summary>
    public static int? ParentOf(int pid)
    {
        var fields = StatFields(pid);
        return fields is null ? null : int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    private static IEnumerable<int> ChildrenOf(int pid)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry), out var candidate) && candidate != pid && ParentOf(candidate) == pid)
            {
                yield return candidate;
            }
        }
    }

    private static (double CpuMs, long RssBytes)? ReadProc(int pid)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return null;
        }

        // After "(comm)": state(0) ppid(1) ... utime(11) stime(12) ... rss(21) in pages.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var rssPages = long.Parse(fields[21], CultureInfo.InvariantCulture);
        return (ticks * 1000.0 / ClockTicksPerSecond, rssPages * Environment.SystemPageSize);
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return close < 0 ? null : text[(close + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).</summary>
    private const double ClockTicksPerSecond = 100;
}
