using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.GameState.Load.Metrics;

namespace Orleans.GameState.Load.Reporting;

/// <summary>Writes the report as JSON and as one self-contained HTML page (inline SVG charts, no scripts, no CDN).</summary>
public static class ReportWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    public static async Task<(string Json, string Html)> WriteAsync(LoadReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "report.json");
        var html = Path.Combine(directory, "report.html");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, Json));
        await File.WriteAllTextAsync(html, Html(report));
        return (json, html);
    }

    public static string Html(LoadReport report)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Load report: {report.Name}")).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}")
            .Append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
            .Append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.ok{color:#2a7d2a;font-weight:bold}.bad{color:#b22;font-weight:bold}")
            .Append("code{background:#f5f5f5;padding:1px 4px}.charts{display:flex;flex-wrap:wrap;gap:12px}svg{background:#fcfcfc;border:1px solid #ddd}")
            .Append("</style></head><body>");
        h.Append("<h1>").Append(E($"Load report: {report.Name}")).Append("</h1>");
        h.Append("<p><code>").Append(E(report.Command)).Append("</code></p>");
        h.Append("<p>").Append(E($"{report.StartedUtc:yyyy-MM-dd HH:mm} UTC, {report.WallSeconds:F0} s; {report.Machine.Cores} cores ({report.Machine.Cpu}), {report.Machine.MemoryGb} GB, {report.Machine.Os}, {report.Machine.Runtime}; load average at the end {report.Machine.LoadAverage}"))
            .Append("<br>").Append(E($"Server: {report.Server}")).Append("</p>");
        h.Append("<p>Correctness: ").Append(report.Correct
            ? "<span class=\"ok\">no lost, duplicated or out-of-order update; every player converged</span>"
            : "<span class=\"bad\">VIOLATIONS (see below)</span>").Append("</p>");

        if (report.Ratios.Count > 0)
        {
            h.Append("<h2>Against the baselines</h2><table><tr><th>figure</th><th>ours</th><th>baseline</th><th>unit</th><th>ratio</th><th>goal</th><th>met</th><th>note</th></tr>");
            foreach (var r in report.Ratios)
            {
                h.Append("<tr><td>").Append(E(r.Name)).Append("</td><td>").Append(N(r.Ours)).Append("</td><td>").Append(N(r.Baseline)).Append("</td><td>")
                    .Append(E(r.Unit)).Append("</td><td>").Append(N(r.Value)).Append("</td><td>").Append(E(r.Goal)).Append("</td><td>")
                    .Append(r.Goal == "info" ? "" : r.Met ? "<span class=\"ok\">yes</span>" : "<span class=\"bad\">no</span>").Append("</td><td>").Append(E(r.Note)).Append("</td></tr>");
            }

            h.Append("</table>");
        }

        if (report.Phases.Count > 0)
        {
            h.Append("<h2>Phases</h2><table><tr><th>phase</th><th>sessions x players</th><th>acked/s</th><th>round trip p50 / p95 / p99 ms</th><th>deliveries/s</th><th>delivery p50 / p95 / p99 ms</th><th>payload B</th><th>errors</th><th>correct</th></tr>");
            foreach (var p in report.Phases)
            {
                h.Append("<tr><td>").Append(E(p.Name)).Append("</td><td>").Append(E($"{p.Sessions} x {p.PlayersPerSession}")).Append("</td><td>").Append(N(p.AckedPerSecond))
                    .Append("</td><td>").Append(E(Latency(p.RoundTrip))).Append("</td><td>").Append(N(p.DeliveriesPerSecond)).Append("</td><td>").Append(E(Latency(p.Delivery)))
                    .Append("</td><td>").Append(N(p.AveragePayloadBytes)).Append("</td><td>").Append(p.ErrorsByCode.Values.Sum()).Append("</td><td>")
                    .Append(p.Correct ? "<span class=\"ok\">yes</span>" : "<span class=\"bad\">no</span>").Append("</td></tr>");
            }

            h.Append("</table>");
        }

        if (report.Idle is { } idle)
        {
            h.Append("<h2>Idle sessions</h2><table><tr><th>sessions</th><th>activations</th><th>heap before / after MB</th><th>working set before / after MB</th><th>bytes per session</th><th>beyond state</th><th>state bytes</th><th>setup s</th></tr><tr><td>")
                .Append(idle.Sessions).Append("</td><td>").Append(idle.Activations?.ToString(CultureInfo.InvariantCulture) ?? "?").Append("</td><td>")
                .Append(E($"{idle.HeapBeforeMb} / {idle.HeapAfterMb}")).Append("</td><td>").Append(E($"{idle.WorkingSetBeforeMb} / {idle.WorkingSetAfterMb}"))
                .Append("</td><td>").Append(N(idle.BytesPerSession)).Append("</td><td>").Append(N(idle.BytesPerSessionBeyondState)).Append("</td><td>")
                .Append(idle.StateBytes).Append("</td><td>").Append(N(idle.SetupSeconds)).Append("</td></tr></table><p>").Append(E(idle.Method)).Append("</p>");
        }

        if (report.Stall is { } stall)
        {
            h.Append("<h2>Stalled player</h2><p>").Append(E($"Serving process: {stall.Process}. Seconds since it stopped reading; a missing figure was not seen within the {stall.WatchedSeconds:F1} s watched.")).Append("</p><ul>");
            foreach (var line in stall.Timeline)
            {
                h.Append("<li>").Append(E(line)).Append("</li>");
            }

            h.Append("</ul>");
        }

        if (report.Findings.Count > 0)
        {
            h.Append("<h2>Findings</h2><ul>");
            foreach (var finding in report.Findings)
            {
                h.Append("<li>").Append(E(finding)).Append("</li>");
            }

            h.Append("</ul>");
        }

        foreach (var p in report.Phases)
        {
            h.Append("<h2>").Append(E(p.Name)).Append("</h2><p>").Append(E(p.Description)).Append("</p>");
            foreach (var note in p.Notes)
            {
                h.Append("<p>").Append(E(note)).Append("</p>");
            }

            h.Append("<div class=\"charts\">");
            if (p.Series.Count > 0)
            {
                var throughput = new Dictionary<string, IReadOnlyList<(double, double)>>
                {
                    [p.Kind == "postgres" ? "commits/s" : "acked updates/s"] = p.Series.Select(s => (s.Seconds, s.AckedPerSecond)).ToList(),
                };
                if (p.Deliveries > 0)
                {
                    throughput["deliveries/s"] = p.Series.Select(s => (s.Seconds, s.DeliveriesPerSecond)).ToList();
                }

                h.Append(LineChart("Throughput over time", "s", throughput));
                var processes = p.Series.SelectMany(s => s.CpuPercent.Keys).Distinct().ToList();
                h.Append(LineChart("CPU over time (100 = one core)", "s",
                    processes.ToDictionary(n => n, n => (IReadOnlyList<(double, double)>)p.Series.Select(s => (s.Seconds, s.CpuPercent.GetValueOrDefault(n))).ToList())));
            }

            if (p.RoundTrip.Count > 0)
            {
                h.Append(Histogram(p.Kind == "postgres" ? "INSERT commit latency" : p.Kind == "bare-hub" ? "Publish round trip" : "GM round trip", p.RoundTrip));
            }

            if (p.Delivery.Count > 0)
            {
                h.Append(Histogram("Delivery latency to players", p.Delivery));
            }

            h.Append("</div>");
            if (p.Resources.Count > 0)
            {
                h.Append("<table><tr><th>process</th><th>CPU % (100 = 1 core)</th><th>peak working set MB</th><th>GC heap MB</th><th>alloc MB/s</th><th>GC pause %</th><th>gen2</th><th>lock contentions/s</th><th>thread-pool queue max</th></tr>");
                foreach (var r in p.Resources)
                {
                    h.Append("<tr><td>").Append(E(r.Process + (r.Processes > 1 ? $" ({r.Processes} processes)" : ""))).Append("</td><td>").Append(N(r.CpuPercent)).Append("</td><td>")
                        .Append(N(r.PeakWorkingSetMb)).Append("</td><td>").Append(N(r.GcHeapMb)).Append("</td><td>").Append(N(r.AllocatedMbPerSecond)).Append("</td><td>")
                        .Append(N(r.GcPausePercent)).Append("</td><td>").Append(r.Gen2Collections?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td><td>")
                        .Append(N(r.LockContentionsPerSecond)).Append("</td><td>").Append(r.ThreadPoolQueueMax?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td></tr>");
                }

                h.Append("</table>");
                if (p.MachineCpuPercent is { } machine)
                {
                    h.Append("<p>").Append(E($"Machine CPU over the window: {machine:F0}% of {report.Machine.Cores} cores.")).Append("</p>");
                }
            }

            if (p.ErrorsByCode.Count > 0)
            {
                h.Append("<p>Errors: ").Append(E(string.Join(", ", p.ErrorsByCode.Select(e => $"{e.Key} x{e.Value}")))).Append("</p>");
            }

            if (p.Convergence is { } c)
            {
                h.Append("<p>Convergence: ").Append(c.AllConverged ? "<span class=\"ok\">" : "<span class=\"bad\">")
                    .Append(E($"{c.Converged} of {c.Players} players")).Append("</span> ").Append(E($"({c.Method})")).Append("</p>");
                foreach (var problem in c.Problems)
                {
                    h.Append("<p class=\"bad\">").Append(E(problem)).Append("</p>");
                }
            }

            if (p.Violations.Count > 0)
            {
                h.Append("<p class=\"bad\">Violations: ").Append(E(string.Join(", ", p.Violations.Select(v => $"{v.Key} x{v.Value}")))).Append("</p><ul>");
                foreach (var example in p.ViolationExamples)
                {
                    h.Append("<li>").Append(E(example)).Append("</li>");
                }

                h.Append("</ul>");
            }
        }

        h.Append("</body></html>");
        return h.ToString();
    }

    private static string Latency(LatencySummary s) => s.Count == 0 ? "" : $"{s.P50Ms:0.###} / {s.P95Ms:0.###} / {s.P99Ms:0.###}";

    private static string N(double? value) => value is null || double.IsNaN(value.Value) ? "" : value.Value.ToString(Math.Abs(value.Value) >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A line chart as inline SVG.</summary>
    private static string LineChart(string title, string xUnit, IReadOnlyDictionary<string, IReadOnlyList<(double X, double Y)>> series)
    {
        const int width = 560, height = 260, left = 60, right = 10, top = 28, bottom = 40;
        var points = series.Values.SelectMany(s => s).ToList();
        if (points.Count == 0)
        {
            return "";
        }

        var maxX = Math.Max(points.Max(p => p.X), 1);
        var maxY = Nice(Math.Max(points.Max(p => p.Y), 1));
        double X(double x) => left + (width - left - right) * x / maxX;
        double Y(double y) => height - bottom - (height - top - bottom) * y / maxY;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + 18 * ((series.Count + 1) / 2)}\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{E(title)}</text>");
        for (var i = 0; i <= 4; i++)
        {
            var y = maxY * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{F(Y(y))}\" y2=\"{F(Y(y))}\" stroke=\"#e4e4e4\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{F(Y(y) + 4)}\" text-anchor=\"end\">{E(Short(y))}</text>");
        }

        for (var i = 0; i <= 5; i++)
        {
            var x = maxX * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(x))}\" y=\"{height - bottom + 14}\" text-anchor=\"middle\">{E(Short(x))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"{height - bottom + 30}\" text-anchor=\"middle\">{E(xUnit)}</text>");
        var index = 0;
        foreach (var (name, line) in series)
        {
            var color = Palette[index % Palette.Length];
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\" points=\"{string.Join(' ', line.Select(p => $"{F(X(p.X))},{F(Y(p.Y))}"))}\"/>");
            var lx = left + (index % 2) * 250;
            var ly = height + 4 + 18 * (index / 2);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{ly}\" width=\"12\" height=\"4\" fill=\"{color}\"/><text x=\"{lx + 16}\" y=\"{ly + 6}\">{E(name)}</text>");
            index++;
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A latency histogram (log-scale bins) as inline SVG bars, with the percentiles marked.</summary>
    private static string Histogram(string title, LatencySummary summary)
    {
        const int width = 560, height = 260, left = 50, right = 10, top = 28, bottom = 50;
        var bins = summary.Bins;
        if (bins.Count == 0)
        {
            return "";
        }

        var maxCount = Math.Max(bins.Max(b => b.Count), 1);
        var barWidth = (double)(width - left - right) / bins.Count;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{E($"{title}: p50 {summary.P50Ms:0.###} ms, p95 {summary.P95Ms:0.###}, p99 {summary.P99Ms:0.###}, n = {summary.Count:N0}")}</text>");
        for (var i = 0; i < bins.Count; i++)
        {
            var barHeight = (height - top - bottom) * (double)bins[i].Count / maxCount;
            var x = left + i * barWidth;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(height - bottom - barHeight)}\" width=\"{F(Math.Max(barWidth - 1, 1))}\" height=\"{F(barHeight)}\" fill=\"#1f77b4\"><title>{E($"{Ms(bins[i].FromMicros)}-{Ms(bins[i].ToMicros)} ms: {bins[i].Count:N0}")}</title></rect>");
            if (i % Math.Max(1, bins.Count / 8) == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{height - bottom + 14}\" text-anchor=\"start\">{E(Ms(bins[i].FromMicros))}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"{height - bottom + 32}\" text-anchor=\"middle\">ms (log scale); bar height: count (max {maxCount:N0})</text>");
        return svg.Append("</svg>").ToString();
    }

    private static string Ms(double micros) => (micros / 1000).ToString(micros < 1000 ? "0.###" : micros < 100000 ? "0.#" : "0", CultureInfo.InvariantCulture);

    private static string Short(double value) => value >= 10000 ? (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k" : value.ToString("0.#", CultureInfo.InvariantCulture);

    private static double Nice(double max)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= max)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }
}
