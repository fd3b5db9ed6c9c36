using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orleans.GameState.Testing;

/// <summary>
/// The real gateway as a child process joined to a test cluster, so that a test can kill it outright (SIGKILL): no
/// disconnect handler, no unsubscribe, no goodbye to the cluster, as when a gateway's machine dies. It runs the
/// gateway build of the same configuration as the tests (the solution build makes both).
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<GatewayProcess> StartAsync(GameStateCluster cluster, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(GatewayAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        var values = new Dictionary<string, string?>(cluster.GatewaySettings)
        {
            ["Auth:SigningKey"] = GatewayServer.SigningKey,
            ["Auth:DevTokens"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        foreach (var (key, value) in values)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the gateway process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, address);
        try
        {
            await gateway.WaitReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>Kills the process (and anything it started) at once.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway process exited with code {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The gateway process was not ready within {timeout}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The gateway's build beside this test build: the same configuration folder under gateway/bin.</summary>
    private static string GatewayAssembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orleans.GameState.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No Orleans.GameState.sln above {AppContext.BaseDirectory}.");
        }

        var assembly = Path.Combine(root.FullName, "gateway", "bin", configuration, framework, "Orleans.GameState.Gateway.dll");
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException("Build the solution first: the gateway build is missing.", assembly);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
