using System.Diagnostics;
using System.Globalization;

namespace Orleans.GameState.Drill;

/// <summary>Seconds since the drill started, monotonic; every record and fault is stamped with it.</summary>
public static class DrillClock
{
    private static readonly long Start = Stopwatch.GetTimestamp();

    public static double Now => Stopwatch.GetElapsedTime(Start).TotalSeconds;

    public static void Log(string message) =>
        Console.Error.WriteLine($"drill [{Now.ToString("0.0", CultureInfo.InvariantCulture),6}s] {message}");
}
