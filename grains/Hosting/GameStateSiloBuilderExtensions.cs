using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.GameState.Configuration;
using Orleans.GameState.Grains.Campaigns;
using Orleans.GameState.Grains.Sessions;
using Orleans.GameState.Grains.Telemetry;
using Orleans.GameState.Serialization;
using Orleans.GameState.Storage.Connections;
using Orleans.GameState.Storage.Sessions;
using Orleans.Serialization;

namespace Orleans.GameState.Grains.Hosting;

/// <summary>What the grains need from the silo they run in, shared by the silo host and the test clusters.</summary>
public static class GameStateSiloBuilderExtensions
{
    public const string PostgresConnectionName = "Postgres";

    public static ISiloBuilder AddGameStateGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddSerializer(serializer => serializer.AddGameStateContracts());
        services.Configure<SessionOptions>(configuration.GetSection(SessionOptions.SectionName));
        services.Configure<LimitsOptions>(configuration.GetSection(LimitsOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SessionMetrics>();

        var connectionString = configuration.GetConnectionString(PostgresConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<ISessionStore, InMemorySessionStore>();
        }
        else
        {
            services.TryAddSingleton(_ => PostgresConnections.CreateDataSource(connectionString));
            services.TryAddSingleton<ISessionStore, SessionStore>();
        }

        // Campaigns, backing models and the session write-through (grain storage "GameState", write-through store).
        silo.AddGameStateBackingModels(configuration, connectionString);
        return silo;
    }
}
