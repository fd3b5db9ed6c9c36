using System.Diagnostics;
using System.Text.Json;
using Orleans.GameState.Load.Metrics;

namespace Orleans.GameState.Load.Servers;

/// <summary>
/// The line protocol between the tool and the child processes it starts (the cluster with the gateway, and the
/// bare hub): the child prints <c>@@load {json}</c> once ready and once per command read from stdin; every other
/// line it prints is its log. Closing stdin (or <c>quit</c>) stops the child, so it never outlives the tool.
/// </summary>
public static class ChildProtocol
{
    public const string Marker = "@@load ";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Child side: announce readiness, then answer commands until stdin closes or says quit.</summary>
    public static async Task ServeAsync(object ready, Func<string, Task<object?>> handle)
    {
        var stdout = Console.Out;
        await stdout.WriteLineAsync(Marker + JsonSerializer.Serialize(ready, Json));
        await stdout.FlushAsync();
        while (await Console.In.ReadLineAsync() is { } command)
        {
            command = command.Trim();
            if (command == "quit")
            {
                break;
            }

            object? answer;
            try
            {
                answer = await handle(command);
            }
            catch (Exception e)
            {
                answer = new { error = e.Message };
            }

            await stdout.WriteLineAsync(Marker + JsonSerializer.Serialize(answer, Json));
            await stdout.FlushAsync();
        }
    }
}

/// <summary>Parent side: a child process of this tool, asked questions one at a time.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Threading.Channels.Channel<string> _answers = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly StreamWriter? _log;
    private readonly Task _stdout;
    private readonly Task _stderr;

    private ChildProcess(Process process, string? logFile)
    {
        _process = process;
        _log = logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true };
        _stdout = Task.Run(() => PumpAsync(process.StandardOutput, isStdout: true));
        _stderr = Task.Run(() => PumpAsync(process.StandardError, isStdout: false));
    }

    public int Pid => _process.Id;

    /// <summary>Starts this tool again with <paramref name="arguments"/> and waits for its ready line.</summary>
    public static async Task<(ChildProcess Child, JsonElement Ready)> StartAsync(IReadOnlyList<string> arguments, string? logFile, TimeSpan timeout)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var (fileName, prefix) = SelfCommand();
        start.FileName = fileName;
        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var child = new ChildProcess(process, logFile);
        try
        {
            var ready = await child.ReadAnswerAsync(timeout);
            return (child, ready);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    public async Task<JsonElement> AskAsync(string command, TimeSpan timeout)
    {
        await _gate.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            return await ReadAnswerAsync(timeout);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        await Task.WhenAll(_stdout, _stderr).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }

        _process.Dispose();
    }

    private async Task<JsonElement> ReadAnswerAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            var line = await _answers.Reader.ReadAsync(cancellation.Token);
            using var document = JsonDocument.Parse(line);
            var answer = document.RootElement.Clone();
            if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"The child process failed: {error}");
            }

            return answer;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The child process (pid {_process.Id}) did not answer within {timeout.TotalSeconds:F0} s" +
                                       (_process.HasExited ? $"; it exited with {_process.ExitCode}." : "."));
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new InvalidOperationException($"The child process (pid {_process.Id}) ended" +
                                                (_process.HasExited ? $" with exit code {_process.ExitCode}" : "") + "; see its log.");
        }
    }

    private async Task PumpAsync(StreamReader reader, bool isStdout)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (isStdout && line.StartsWith(ChildProtocol.Marker, StringComparison.Ordinal))
                {
                    _answers.Writer.TryWrite(line[ChildProtocol.Marker.Length..]);
                }
                else if (_log is not null)
                {
                    lock (_log)
                    {
                        _log.WriteLine(line);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The child went away.
        }
        finally
        {
            if (isStdout)
            {
                _answers.Writer.TryComplete();
            }
        }
    }

    /// <summary>How to start this tool again: the dotnet host with our dll, or our apphost.</summary>
    private static (string FileName, string[] Prefix) SelfCommand()
    {
        var dll = typeof(ChildProcess).Assembly.Location;
        var processPath = Environment.ProcessPath ?? "dotnet";
        var processName = Path.GetFileNameWithoutExtension(processPath);
        if (processName == "dotnet")
        {
            return (processPath, [dll]);
        }

        if (processName == Path.GetFileNameWithoutExtension(dll))
        {
            return (processPath, []);
        }

        return (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet", [dll]);
    }
}

/// <summary>What the child answers to <c>sample</c> and <c>gc</c>.</summary>
public static class ChildAnswers
{
    public static ResourceSample ToSample(JsonElement answer) =>
        answer.Deserialize<ResourceSample>(ChildProtocol.Json) ?? throw new InvalidOperationException("Empty sample.");
}
