using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.GameState.Import.Importing;
using Orleans.GameState.Serialization;
using Orleans.Serialization;

// The cluster is found the way the gateway finds it: ADO.NET membership in PostgreSQL, same cluster and service ids.
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
    var connectionString = configuration.GetConnectionString("Clustering") ?? configuration.GetConnectionString("Postgres");
    if (string.IsNullOrWhiteSpace(connectionString))
    {
        throw new InvalidOperationException("ConnectionStrings__Postgres is not set: it names the database of the cluster to import into.");
    }

    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
    builder.UseOrleansClient(client =>
    {
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = configuration["Orleans:ClusterId"] ?? "gamestate";
            cluster.ServiceId = configuration["Orleans:ServiceId"] ?? "gamestate";
        });
        client.Services.AddSerializer(serializer => serializer.AddGameStateContracts());
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });
    });
    host = builder.Build();
    await host.StartAsync(cancellationToken);
    return host.Services.GetRequiredService<IClusterClient>();
}
