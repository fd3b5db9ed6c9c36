using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.GameState.Grains.WriteThrough;
using Orleans.GameState.Storage.Connections;

namespace Orleans.GameState.Grains.Campaigns;

/// <summary>What campaigns, backing models and the session write-through need from the silo.</summary>
public static class BackingModelsSiloBuilderExtensions
{
    /// <summary>
    /// Registers the "GameState" grain storage (ADO.NET on PostgreSQL with JSON payloads, or memory without a
    /// connection string), and, with PostgreSQL, the write-through's recovery scan (the stores are storage's <c>AddGameStateStorage</c>).
    /// </summary>
    public static ISiloBuilder AddGameStateBackingModels(this ISiloBuilder silo, IConfiguration configuration, string? connectionString)
    {
        var services = silo.Services;
        services.Configure<WriteThroughOptions>(configuration.GetSection(WriteThroughOptions.SectionName));

        // One per session activation: the grain owns it.
        services.TryAddTransient<SessionWriteThrough>();

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            silo.AddMemoryGrainStorage(GameStateGrainStorage.ProviderName, options => options.GrainStorageSerializer = new JsonGrainStateSerializer());
        }
        else
        {
            services.AddHostedService<WriteThroughRecovery>();
            silo.AddAdoNetGrainStorage(GameStateGrainStorage.ProviderName, options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = PostgresConnections.Tuned(connectionString);
                options.GrainStorageSerializer = new JsonGrainStateSerializer();
            });
        }

        return silo;
    }
}
