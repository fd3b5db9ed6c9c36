using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.GameState.Storage.Connections;
using Orleans.GameState.Storage.Health;
using Orleans.GameState.Storage.Sessions;
using Orleans.GameState.Storage.WriteThrough;

namespace Orleans.GameState.Storage.Hosting;

/// <summary>The one place the PostgreSQL data source and the stores built on it are registered.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The session log store and the write-through store: on PostgreSQL when <paramref name="connectionString"/> is set,
    /// in memory otherwise (demos and tests only: nothing survives the process). Registrations already made win.
    /// </summary>
    public static IServiceCollection AddGameStateStorage(this IServiceCollection services, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<ISessionStore, InMemorySessionStore>();
            services.TryAddSingleton<IWriteThroughStore, InMemoryWriteThroughStore>();
            return services;
        }

        services.AddGameStateDataSource(connectionString);
        services.TryAddSingleton<ISessionStore, SessionStore>();
        services.TryAddSingleton<IWriteThroughStore, WriteThroughStore>();
        return services;
    }

    /// <summary>Only the reachability probe (the gateway's readiness check), when a connection string is set.</summary>
    public static IServiceCollection AddGameStateStorageProbe(this IServiceCollection services, string connectionString)
    {
        services.AddGameStateDataSource(connectionString);
        services.TryAddSingleton<IStorageProbe, StorageProbe>();
        return services;
    }

    private static void AddGameStateDataSource(this IServiceCollection services, string connectionString) =>
        services.TryAddSingleton(_ => PostgresConnections.CreateDataSource(connectionString));
}
