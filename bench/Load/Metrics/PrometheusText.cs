using System.Globalization;

namespace Orleans.GameState.Load.Metrics;

/// <summary>
/// Just enough of the Prometheus text exposition format to read one metric off a scrape: the sum of its samples
/// (all label sets) or null when the scrape has none (an OpenTelemetry counter appears only after its first count).
/// </summary>
public static class PrometheusText
{
    public static double? Value(string scrape, string metric)
    {
        double? sum = null;
        foreach (var raw in scrape.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            // The name must end where the metric's does: a label set or the value follows.
            var rest = line.AsSpan(metric.Length);
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' ' && rest[0] != '\t'))
            {
                continue;
            }

            if (rest[0] == '{')
            {
                var close = rest.LastIndexOf('}');
                if (close < 0)
                {
                    continue;
                }

                rest = rest[(close + 1)..];
            }

            // "value" or "value timestamp".
            rest = rest.Trim();
            var space = rest.IndexOfAny(' ', '\t');
            var number = space < 0 ? rest : rest[..space];
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }
}
