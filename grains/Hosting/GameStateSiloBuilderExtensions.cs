using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.GameState.Configuration;
using Orleans.GameState.Grains.Campaigns;
using Orleans.GameState.Grains.Sessions;
using Orleans.GameState.Grains.Telemetry;
using Orleans.GameState.Hosting;
using Orleans.GameState.Serialization;
using Orleans.GameState.Storage.Hosting;
using Orleans.Serialization;

namespace Orleans.GameState.Grains.Hosting;

/// <summary>
/// The one silo set-up of the system, shared by the silo host, the tests' TestingHost silos and the load tool's
/// cluster: what differs between them is only where a silo listens (the host's endpoints, or the TestCluster's ports).
/// </summary>
public static class GameStateSiloBuilderExtensions
{
    public const string PostgresConnectionName = GameStateCluster.PostgresConnectionName;

    /// <summary>Orleans' <c>SiloMessagingOptions</c> (response timeouts, shutdown notification), overridable here.</summary>
    public const string MessagingSectionName = "Orleans:Messaging";

    /// <summary>
    /// The cluster's ids, membership in PostgreSQL when a connection string is set (without one the host picks
    /// localhost clustering), the messaging and membership tuning, and the grains with their storage.
    /// </summary>
    public static ISiloBuilder AddGameStateSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Configure<ClusterOptions>(cluster => GameStateCluster.ConfigureIds(cluster, configuration));
        if (GameStateCluster.PostgresConnectionString(configuration) is not null
            && GameStateCluster.ClusteringConnectionString(configuration) is { } clustering)
        {
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = GameStateCluster.AdoNetInvariant;
                options.ConnectionString = clustering;
            });
        }

        silo.Configure<SiloMessagingOptions>(options =>
        {
            // Graceful shutdown: the silo's gateway tells its clients (the gateways) it is going away and waits this
            // long before it stops taking their messages, so they route elsewhere first instead of getting rejections.
            options.ClientGatewayShutdownNotificationTimeout = TimeSpan.FromSeconds(3);
            configuration.GetSection(MessagingSectionName).Bind(options);
        });
        silo.UseGameStateMembershipTuning(configuration);
        return silo.AddGameStateGrains(configuration);
    }

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
        services.AddGameStateStorage(connectionString);

        // Campaigns, backing models and the session write-through (grain storage "GameState", write-through store).
        silo.AddGameStateBackingModels(configuration, connectionString);
        return silo;
    }
}
