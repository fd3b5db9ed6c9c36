using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.GameState.Load.Reporting;
using Orleans.GameState.Load.Servers;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// Memory per idle session: activate N sessions through the REST API (one campaign per <c>--sessions-per-campaign</c>),
/// then the silo heap after a forced full GC, before and after, divided by N. In target mode, where the silos are not
/// ours to collect, the silos' resident memory is used instead (coarser).
/// </summary>
public static class IdlePhase
{
    public static async Task<IdleMemory> RunAsync(PhaseContext context, ILoadServer server, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var run = Guid.NewGuid().ToString("N")[..6];

        // Warm up first: the first sessions pay for JIT, caches and pools that are not per session.
        context.Progress.Line("idle: warming up (10 sessions)");
        await CreateAsync(context, $"idle-warm-{run}", 10, 10, cancellationToken);

        var before = await MeasureAsync(server);
        var activationsBefore = await server.SessionActivationsAsync();
        context.Progress.Line($"idle: heap before {Mb(before.Heap):F1} MB, working set {Mb(before.WorkingSet):F1} MB; activating {options.Sessions:N0} sessions");
        var started = Stopwatch.GetTimestamp();
        var sessionIds = await CreateAsync(context, $"idle-{run}", options.Sessions, options.SessionsPerCampaign, cancellationToken);
        var setupSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var sample = sessionIds[0];
        var stateJson = await context.Api.StateAsync(sample.Gm, sample.SessionId);
        var stateBytes = JsonNode.Parse(stateJson)!.ToJsonString().Length;
        var activationsAfter = await server.SessionActivationsAsync();
        var after = await MeasureAsync(server);
        var delta = (after.Collected ? after.Heap - before.Heap : after.WorkingSet - before.WorkingSet) / (double)options.Sessions;
        context.Progress.Line($"idle: heap after {Mb(after.Heap):F1} MB: {delta / 1024:F1} KB per session");
        return new IdleMemory(
            options.Sessions,
            activationsAfter - activationsBefore,
            stateBytes,
            after.Collected
                ? "silo process GC heap after forced full compacting collections, after minus before, divided by the sessions"
                : "silo processes' resident memory (no forced GC possible in target mode), after minus before, divided by the sessions",
            Math.Round(Mb(before.Heap), 2),
            Math.Round(Mb(after.Heap), 2),
            Math.Round(Mb(before.WorkingSet), 2),
            Math.Round(Mb(after.WorkingSet), 2),
            Math.Round(delta),
            Math.Round(delta - stateBytes),
            Math.Round(setupSeconds, 1));
    }

    private static double Mb(long bytes) => bytes / 1048576.0;

    private static async Task<(long Heap, long WorkingSet, bool Collected)> MeasureAsync(ILoadServer server)
    {
        if (await server.CollectAsync() is { } collected)
        {
            return (collected.GcHeapBytes ?? 0, collected.WorkingSetBytes, true);
        }

        var samples = await server.SampleAsync();
        var silos = samples.Where(s => s.Process.StartsWith("silo", StringComparison.Ordinal)).ToList();
        return (0, silos.Sum(s => s.WorkingSetBytes), false);
    }

    private static async Task<List<SessionSpec>> CreateAsync(PhaseContext context, string prefix, int sessions, int perCampaign, CancellationToken cancellationToken)
    {
        var campaigns = (sessions + perCampaign - 1) / perCampaign;
        var created = new SessionSpec[sessions];
        var done = 0;
        var lastReport = Stopwatch.GetTimestamp();
        await context.ForEachAsync(Enumerable.Range(0, campaigns), async c =>
        {
            var gm = $"{prefix}-gm-{c}";
            var campaignId = await context.Api.CreateCampaignAsync(gm, $"{prefix} {c}");
            for (var i = c * perCampaign; i < Math.Min(sessions, (c + 1) * perCampaign); i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                created[i] = new SessionSpec(i, await context.Api.CreateSessionAsync(gm, campaignId), gm, []);
                if (Interlocked.Increment(ref done) % 500 == 0 && Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(2))
                {
                    lastReport = Stopwatch.GetTimestamp();
                    context.Progress.Line($"idle: {done:N0} / {sessions:N0} sessions");
                }
            }
        });
        return [.. created];
    }
}
