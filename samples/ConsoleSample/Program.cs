using Orleans.GameState.Samples.ConsoleSample;

// dotnet run --project samples/ConsoleSample -- http://127.0.0.1:5080
var gateway = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5080");
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
return await SampleScenario.RunAsync(gateway, Console.Out, timeout.Token);
