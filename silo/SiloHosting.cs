using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.GameState.Grains.Hosting;
using Orleans.GameState.Storage.Schema;

namespace Orleans.GameState.Silo;

/// <summary>
/// How a silo process is put together from configuration: ADO.NET clustering on PostgreSQL when
/// <c>ConnectionStrings:Postgres</c> is set, otherwise localhost clustering with in-memory storage.
/// </summary>
public sealed partial class SiloHosting(IConfiguration configuration)
{
    private readonly string? _connectionString = configuration.GetConnectionString(GameStateSiloBuilderExtensions.PostgresConnectionName);
    private readonly SiloEndpointOptions _endpoints = configuration.GetSection(SiloEndpointOptions.SectionName).Get<SiloEndpointOptions>() ?? new();

    private bool InMemory => string.IsNullOrWhiteSpace(_connectionString);

    public void Configure(ISiloBuilder silo)
    {
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = _endpoints.ClusterId;
            options.ServiceId = _endpoints.ServiceId;
        });

        if (InMemory)
        {
            silo.UseLocalhostClustering(_endpoints.SiloPort, _endpoints.GatewayPort);
            silo.AddMemoryGrainStorageAsDefault();
        }
        else
        {
            silo.ConfigureEndpoints(IPAddress.Parse(_endpoints.AdvertisedAddress), _endpoints.SiloPort, _endpoints.GatewayPort);
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = configuration.GetConnectionString("Clustering") ?? _connectionString;
            });
        }

        silo.UseGameStateMembershipTuning(configuration);
        silo.AddGameStateGrains(configuration);
    }

    public void WarnWhenInMemory(ILogger logger)
    {
        if (InMemory)
        {
            LogInMemory(logger);
        }
    }

    /// <summary>Applies the schema (idempotent, serialised across silos by an advisory lock). True when ready.</summary>
    public async Task<bool> MigrateAsync(ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (InMemory)
        {
            return true;
        }

        try
        {
            await new SchemaMigrator(loggers.CreateLogger<SchemaMigrator>()).ApplyAsync(_connectionString!, cancellationToken);
            return true;
        }
        catch (Exception e)
        {
            LogMigrationFailed(loggers.CreateLogger<SiloHosting>(), e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "!!! ConnectionStrings:Postgres is not set: localhost clustering and IN-MEMORY storage. Nothing survives this process. For tests and demos only. !!!")]
    private static partial void LogInMemory(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Schema migration failed; the silo does not start")]
    private static partial void LogMigrationFailed(ILogger logger, Exception exception);
}
