using Orleans.GameState.Drill;

DrillOptions options;
try
{
    options = DrillOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"drill: {e.Message}");
    Console.Error.WriteLine("usage: Orleans.GameState.Drill --gateways URL[,URL] [--silo-gateways HOST:PORT,...] [--postgres CONNSTR] "
        + "[--faults kill-silo,term-silo,kill-gateway,kill-postgres] [--sessions N] [--players N] [--report FILE] ...");
    return 2;
}

// A hard bound on the whole run, whatever happens to the cluster.
using var budget = new CancellationTokenSource(options.MaxDuration + TimeSpan.FromMinutes(3));
try
{
    return await new FailoverDrill(options).RunAsync(budget.Token);
}
catch (OperationCanceledException) when (budget.IsCancellationRequested)
{
    Console.Error.WriteLine("drill: the run exceeded its time budget");
    Console.WriteLine("drill: FAIL (time budget exceeded)");
    return 1;
}
