using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Hosting;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Drill;

/// <summary>
/// The cluster deploy/local.sh runs: faults go through its kill/stop/start commands (so pid files stay right),
/// and an Orleans client of the drill's own asks each session where it is active (<c>DescribeAsync().HostSilo</c>).
/// </summary>
public sealed partial class LocalCluster(DrillOptions options) : IAsyncDisposable
{
    private IHost? _client;

    public async Task StartAsync(CancellationToken ct)
    {
        if (options.SiloGateways.Count == 0)
        {
            return;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var gateways = options.SiloGateways.Select((endpoint, i) =>
            KeyValuePair.Create($"{ClusterClientOptions.SectionName}:{nameof(ClusterClientOptions.Gateways)}:{i}", (string?)endpoint));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(gateways).Build();
        builder.UseOrleansClient(client => client.AddGameStateClient(configuration));
        _client = builder.Build();
        await _client.StartAsync(ct);
    }

    /// <summary>The local.sh name of the silo each session is active on ("silo-2"), where it can be found out.</summary>
    public async Task<Dictionary<string, string>> HostsAsync(IEnumerable<string> sessionIds, CancellationToken ct)
    {
        var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_client is null)
        {
            return hosts;
        }

        var grains = _client.Services.GetRequiredService<IClusterClient>();
        foreach (var sessionId in sessionIds)
        {
            try
            {
                var description = await grains.GetGrain<IGameSessionGrain>(sessionId).DescribeAsync().WaitAsync(TimeSpan.FromSeconds(10), ct);
                if (description is not null && SiloName(description.HostSilo) is { } silo)
                {
                    hosts[sessionId] = silo;
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                DrillClock.Log($"where is {sessionId}? {e.GetType().Name}: {e.Message}");
            }
        }

        return hosts;
    }

    /// <summary>"S127.0.0.1:11112:154605996" (or any text with ":port:") → "silo-2".</summary>
    public string? SiloName(string hostSilo)
    {
        var match = SiloPort().Match(hostSilo);
        if (!match.Success)
        {
            return null;
        }

        var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) - options.SiloPortBase + 1;
        return index >= 1 && index <= options.Silos ? $"silo-{index}" : null;
    }

    /// <summary>
    /// <c>local.sh kill &lt;process&gt;</c>: the drill-clock time of the SIGKILL itself (the script prints it), or null
    /// when the kill failed.
    /// </summary>
    public async Task<double?> KillAsync(string process, CancellationToken ct)
    {
        var (ok, output) = await RunWithOutputAsync("kill", process, ct);
        if (!ok)
        {
            return null;
        }

        var now = DrillClock.Now;
        var nowEpoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var match = KilledAt().Match(output);
        return match.Success
            ? now - (nowEpoch - double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : now;
    }

    /// <summary>Runs <c>local.sh &lt;command&gt; &lt;process&gt;</c>; true when it exited 0.</summary>
    public async Task<bool> RunAsync(string command, string process, CancellationToken ct) =>
        (await RunWithOutputAsync(command, process, ct)).Ok;

    private async Task<(bool Ok, string Output)> RunWithOutputAsync(string command, string process, CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(options.LocalScript);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(process);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = child.StandardOutput.ReadToEndAsync(ct);
        var error = child.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(240));
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            DrillClock.Log($"local.sh {command} {process}: timed out");
            return (false, "");
        }

        var text = (await output) + (await error);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            DrillClock.Log("  " + line);
        }

        return (child.ExitCode == 0, text);
    }

    [GeneratedRegex(@":(\d+):")]
    private static partial Regex SiloPort();

    [GeneratedRegex(@"killed with SIGKILL at ([0-9]+\.[0-9]+)")]
    private static partial Regex KilledAt();

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
            catch (Exception)
            {
                // Best effort at the end of the run.
            }

            _client.Dispose();
        }
    }
}
