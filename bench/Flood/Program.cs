using System.Globalization;
using Orleans.GameState.Flood;

// dotnet run -c Release --project bench/Flood -- [url] [gateway-pid-file] [seconds-per-phase] [gm-updates-per-second]
var url = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5080");
var pidFile = args.ElementAtOrDefault(1) ?? ".data/pids/gateway.pid";
var phase = TimeSpan.FromSeconds(double.Parse(args.ElementAtOrDefault(2) ?? "15", CultureInfo.InvariantCulture));
var gmRate = int.Parse(args.ElementAtOrDefault(3) ?? "20", CultureInfo.InvariantCulture);
var gatewayPid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);

var run = await FloodRun.PrepareAsync(url, gatewayPid);
var alone = await run.MeasureAsync("alone", phase, gmRate, flood: false);
var flooded = await run.MeasureAsync("under flood", phase, gmRate, flood: true);

Console.WriteLine();
Console.WriteLine($"| phase | GM updates | GM p50 ms | GM p99 ms | gateway CPU (share of one core) | after the first second | flood invocations sent | flood connections closed | reconnects refused |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var r in new[] { alone, flooded })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.GmUpdates} | {r.P50:F1} | {r.P99:F1} | {r.CpuShare:P0} | {r.CpuShareAfterFirstSecond:P0} | {r.FloodSent} | {r.FloodClosed} | {r.FloodRefused} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GM p99 under flood / alone: {flooded.P99 / alone.P99:F2}"));
