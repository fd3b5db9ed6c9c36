using System.Globalization;
using Orleans.GameState.Load;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;
using Orleans.GameState.Load.Servers;
using Spectre.Console;

// Child processes of the tool itself (see ChildProtocol).
if (args.Length > 0 && args[0] == ChildClusterServer.Command)
{
    return await ChildClusterServer.ServeAsync(args[1..]);
}

if (args.Length > 0 && args[0] == BareHubServer.Command)
{
    return await BareHubServer.ServeAsync();
}

LoadOptions options;
try
{
    if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
    {
        Console.WriteLine(LoadOptions.Usage);
        return args.Length == 0 ? 2 : 0;
    }

    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var output = options.OutputDirectory ?? Path.Combine("TestResults", "load", $"{options.Name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var interactive = !options.Plain && AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
                  && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
if (!interactive)
{
    AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 180);
}

LoadReport report;
try
{
    if (interactive)
    {
        var live = new LiveProgress();
        report = await live.RunAsync(() => LoadRunner.RunAsync(options, output, live, cancellation.Token));
    }
    else
    {
        report = await LoadRunner.RunAsync(options, output, new PlainProgress(Console.Out), cancellation.Token);
    }
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}

var (json, html) = await ReportWriter.WriteAsync(report, output);
ConsoleReport.Write(AnsiConsole.Console, report, json, html);
return report.Correct ? 0 : 1;
