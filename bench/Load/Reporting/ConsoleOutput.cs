using System.Globalization;
using Orleans.GameState.Load.Metrics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Orleans.GameState.Load.Reporting;

/// <summary>Progress as a live Spectre.Console display (interactive terminals).</summary>
public sealed class LiveProgress : IProgressSink
{
    private readonly object _lock = new();
    private readonly List<string> _lines = [];
    private LiveDisplayContext? _context;
    private LiveFigures? _figures;

    public async Task<T> RunAsync<T>(Func<Task<T>> work) =>
        await AnsiConsole.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            lock (_lock)
            {
                _context = context;
            }

            try
            {
                return await work();
            }
            finally
            {
                lock (_lock)
                {
                    _context.UpdateTarget(Render());
                    _context = null;
                }
            }
        });

    public void Line(string text)
    {
        lock (_lock)
        {
            _lines.Add($"{DateTime.Now:HH:mm:ss} {text}");
            if (_lines.Count > 12)
            {
                _lines.RemoveAt(0);
            }

            _context?.UpdateTarget(Render());
        }
    }

    public void Live(LiveFigures figures)
    {
        lock (_lock)
        {
            _figures = figures;
            _context?.UpdateTarget(Render());
        }
    }

    private IRenderable Render()
    {
        var rows = new List<IRenderable>();
        foreach (var line in _lines)
        {
            rows.Add(new Text(line));
        }

        if (_figures is { } f)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("phase", "time", "acked/s", "deliveries/s", "GM p99 ms", "delivery p99 ms", "errors", "violations", "CPU");
            table.AddRow(
                Markup.Escape(f.Phase),
                f.Warming ? $"warm-up {f.Elapsed:F0}/{f.Total:F0} s" : $"{f.Elapsed:F0}/{f.Total:F0} s",
                f.AckedPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                f.DeliveriesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                f.RoundTripP99Ms.ToString("0.##", CultureInfo.InvariantCulture),
                f.DeliveryP99Ms.ToString("0.##", CultureInfo.InvariantCulture),
                f.Errors.ToString(CultureInfo.InvariantCulture),
                f.Violations == 0 ? "0" : $"[red]{f.Violations}[/]",
                Markup.Escape(f.Cpu));
            rows.Add(table);
        }

        return new Rows(rows);
    }
}

/// <summary>Progress as plain lines (CI, redirected output, tests): every message, and the live figures every few seconds.</summary>
public sealed class PlainProgress(TextWriter writer, TimeSpan? every = null) : IProgressSink
{
    private readonly TimeSpan _every = every ?? TimeSpan.FromSeconds(2);
    private readonly object _lock = new();
    private DateTime _last = DateTime.MinValue;

    public void Line(string text)
    {
        lock (_lock)
        {
            writer.WriteLine($"{DateTime.Now:HH:mm:ss} {text}");
        }
    }

    public void Live(LiveFigures f)
    {
        lock (_lock)
        {
            if (DateTime.UtcNow - _last < _every)
            {
                return;
            }

            _last = DateTime.UtcNow;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.Now:HH:mm:ss} {f.Phase}: {(f.Warming ? "warm-up " : "")}{f.Elapsed:F0}/{f.Total:F0} s  acked/s {f.AckedPerSecond:F0}  deliveries/s {f.DeliveriesPerSecond:F0}  " +
                $"GM p99 {f.RoundTripP99Ms:0.##} ms  delivery p99 {f.DeliveryP99Ms:0.##} ms  errors {f.Errors}  violations {f.Violations}  {f.Cpu}"));
        }
    }
}

/// <summary>The final report in the terminal.</summary>
public static class ConsoleReport
{
    public static void Write(IAnsiConsole console, LoadReport report, string? jsonPath, string? htmlPath)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(report.Name)}[/]").LeftJustified());
        console.MarkupLine(Markup.Escape(report.Command));
        console.MarkupLine(Markup.Escape($"{report.Machine.Cores} cores, {report.Machine.Cpu}; {report.Server}; {report.WallSeconds:F0} s"));

        if (report.Phases.Count > 0)
        {
            var phases = new Table().Border(TableBorder.Rounded).AddColumns("phase", "sessions x players", "acked/s", "RTT p50/p95/p99 ms", "deliveries/s", "delivery p50/p95/p99 ms", "errors", "correct");
            foreach (var p in report.Phases)
            {
                phases.AddRow(
                    Markup.Escape(p.Name),
                    $"{p.Sessions} x {p.PlayersPerSession}",
                    p.AckedPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    Latency(p.RoundTrip),
                    p.DeliveriesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    Latency(p.Delivery),
                    Markup.Escape(string.Join(", ", p.ErrorsByCode.Select(e => $"{e.Key} {e.Value}"))),
                    p.Correct ? "[green]yes[/]" : $"[red]NO: {Markup.Escape(string.Join(", ", p.Violations.Select(v => $"{v.Key} {v.Value}")))}[/]");
            }

            console.Write(phases);

            var resources = new Table().Border(TableBorder.Simple).AddColumns("phase", "process", "CPU %", "peak WS MB", "GC heap MB", "alloc MB/s", "GC pause %", "locks/s");
            foreach (var p in report.Phases)
            {
                foreach (var r in p.Resources)
                {
                    resources.AddRow(Markup.Escape(p.Name), Markup.Escape(r.Process), N(r.CpuPercent), N(r.PeakWorkingSetMb), N(r.GcHeapMb), N(r.AllocatedMbPerSecond), N(r.GcPausePercent), N(r.LockContentionsPerSecond));
                }

                if (p.MachineCpuPercent is { } machine)
                {
                    resources.AddRow(Markup.Escape(p.Name), "[bold]machine[/]", N(machine * report.Machine.Cores), "", "", "", "", "");
                }
            }

            console.Write(resources);
        }

        if (report.Idle is { } idle)
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Idle: {idle.Sessions:N0} sessions ({idle.Activations} activations), heap {idle.HeapBeforeMb} -> {idle.HeapAfterMb} MB, " +
                $"{idle.BytesPerSession / 1024:F2} KB per session, {idle.BytesPerSessionBeyondState / 1024:F2} KB beyond its {idle.StateBytes}-byte state")));
        }

        if (report.Ratios.Count > 0)
        {
            var ratios = new Table().Border(TableBorder.Rounded).AddColumns("figure", "ours", "baseline", "unit", "ratio", "goal", "met");
            foreach (var r in report.Ratios)
            {
                ratios.AddRow(Markup.Escape(r.Name), N(r.Ours), N(r.Baseline), Markup.Escape(r.Unit), N(r.Value), Markup.Escape(r.Goal),
                    r.Goal == "info" ? "" : r.Met ? "[green]yes[/]" : "[red]no[/]");
            }

            console.Write(ratios);
        }

        foreach (var p in report.Phases)
        {
            foreach (var note in p.Notes)
            {
                console.MarkupLine(Markup.Escape($"{p.Name}: {note}"));
            }

            if (p.Convergence is { AllConverged: false } c)
            {
                console.MarkupLine($"[red]{Markup.Escape($"{p.Name}: {c.Players - c.Converged} of {c.Players} players did not converge ({c.Method}):")}[/]");
                foreach (var problem in c.Problems)
                {
                    console.MarkupLine("[red]  " + Markup.Escape(problem) + "[/]");
                }
            }
        }

        foreach (var finding in report.Findings)
        {
            console.MarkupLine("- " + Markup.Escape(finding));
        }

        if (report.Stall is { Timeline.Count: > 0 } stall)
        {
            console.MarkupLine(Markup.Escape("stalled player's timeline (seconds since it stopped reading):"));
            foreach (var line in stall.Timeline)
            {
                console.MarkupLine("  " + Markup.Escape(line));
            }
        }

        console.MarkupLine(report.Correct
            ? "[green]Correct: no lost, duplicated or out-of-order update; every player converged.[/]"
            : "[red]VIOLATIONS: see the phases above and the report.[/]");
        if (jsonPath is not null)
        {
            console.MarkupLine(Markup.Escape($"report: {htmlPath}  {jsonPath}"));
        }
    }

    private static string Latency(LatencySummary s) => s.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{s.P50Ms:0.##} / {s.P95Ms:0.##} / {s.P99Ms:0.##}");

    private static string N(double? value) => value is null || double.IsNaN(value.Value) ? "" : value.Value.ToString(Math.Abs(value.Value) >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture);
}
