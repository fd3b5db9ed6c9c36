using System.Globalization;
using Orleans.GameState.Load.Reporting;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// Issue 11: what player views cost. The same sessions, players and rate twice: views off (a state with no hidden
/// data), then views on (the same state with hidden data giving two player views, <see cref="HiddenState"/>), the GM's
/// updates touching visible actors in both. Each player's copy must equal its view of the server's final state.
/// </summary>
public static class ViewsWorkload
{
    public const string Off = "views off";
    public const string On = "views on";

    public static async Task<IReadOnlyList<PhaseResult>> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var sessions = await LoadRunner.SetupSessionsAsync(context, options.Sessions, options.Players, cancellationToken);
        var generator = new UpdateGenerator(options.OperationsPerUpdate);
        var shape = new GatewayPhaseShape
        {
            Operations = random => [.. generator.Next(random), HiddenState.Touch(random)],
            ExpectedState = PlayerView.Of,
            RawPlayersKeepState = true,
            ConvergenceMethod = "each player's copy (SDK state, or the raw player's join state with every broadcast applied) equals the engine's StateView " +
                                "of GET /api/sessions/{id}/state for that player at the server's final version, lastUpdated aside",
        };

        var off = await GatewayPhase.RunAsync(context, Off, sessions, options.PlayerClient, cancellationToken, shape with { Setup = _ => [HiddenState.Plain()] });
        var on = await GatewayPhase.RunAsync(context, On, sessions, options.PlayerClient, cancellationToken, shape with { Setup = s => [HiddenState.Hidden(s.Players)] });
        return [WithCpuNote(off), WithCpuNote(on)];
    }

    /// <summary>On against off: throughput, latencies and server CPU per delivery (all "info": issue 11 sets no goal on them).</summary>
    public static IReadOnlyList<Ratio> Ratios(IReadOnlyList<PhaseResult> phases)
    {
        var off = phases.FirstOrDefault(p => p.Name == Off);
        var on = phases.FirstOrDefault(p => p.Name == On);
        if (off is null || on is null)
        {
            return [];
        }

        var ratios = new List<Ratio>();
        void Add(string name, double ours, double baseline, string unit) =>
            ratios.Add(new Ratio($"views on vs off: {name}", ours, baseline, unit, baseline > 0 ? Math.Round(ours / baseline, 2) : double.NaN, "info", true, "the same sessions, players and rate"));
        Add("deliveries/s", on.DeliveriesPerSecond, off.DeliveriesPerSecond, "per s");
        Add("delivery p50", on.Delivery.P50Ms, off.Delivery.P50Ms, "ms");
        Add("delivery p99", on.Delivery.P99Ms, off.Delivery.P99Ms, "ms");
        Add("GM round trip p50", on.RoundTrip.P50Ms, off.RoundTrip.P50Ms, "ms");
        Add("GM round trip p99", on.RoundTrip.P99Ms, off.RoundTrip.P99Ms, "ms");
        foreach (var process in new[] { "gateway", "silo" })
        {
            if (on.CpuMicrosPerDelivery(process) is { } ours && off.CpuMicrosPerDelivery(process) is { } baseline)
            {
                Add($"{process} CPU per delivery", ours, baseline, "µs");
            }
        }

        return ratios;
    }

    private static PhaseResult WithCpuNote(PhaseResult phase)
    {
        var gateway = phase.CpuMicrosPerDelivery("gateway");
        var silo = phase.CpuMicrosPerDelivery("silo");
        var text = string.Create(CultureInfo.InvariantCulture,
            $"server CPU per delivery: gateway {(gateway is { } g ? $"{g:F1} µs" : "n/a (no separate gateway process: the hub runs in the silo process)")}, " +
            $"silo {(silo is { } s ? $"{s:F1} µs" : "n/a (no silo process sampled)")}");
        return phase with { Notes = [.. phase.Notes, text] };
    }
}
