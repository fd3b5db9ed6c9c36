using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Hosting;
using Orleans.GameState.Import.Importing;

// The cluster is found the way the gateway finds it (AddGameStateClient): membership in PostgreSQL, same cluster ids.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

IHost? host = null;
try
{
    return await ImportCommand.RunAsync(args, ConnectAsync, Console.Out, Console.Error, cancel.Token);
}
finally
{
    if (host is not null)
    {
        await host.StopAsync();
        host.Dispose();
    }
}

async Task<IGrainFactory> ConnectAsync(CancellationToken cancellationToken)
{
    if (GameStateCluster.ClusteringConnectionString(configuration) is null)
    {
        throw new InvalidOperationException("ConnectionStrings__Postgres is not set: it names the database of the cluster to import into.");
    }

    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
    builder.UseOrleansClient(client => client.AddGameStateClient(configuration));
    host = builder.Build();
    await host.StartAsync(cancellationToken);
    return host.Services.GetRequiredService<IClusterClient>();
}
