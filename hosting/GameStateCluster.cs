using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Orleans.GameState.Hosting;

/// <summary>
/// What silos and clients must agree on to form one cluster: its ids (<c>Orleans:ClusterId</c>,
/// <c>Orleans:ServiceId</c>) and the database of its membership table (<c>ConnectionStrings:Clustering</c>, else the
/// game data's <c>ConnectionStrings:Postgres</c>).
/// </summary>
public static class GameStateCluster
{
    public const string DefaultId = "gamestate";

    /// <summary>The game data: session log, grain storage, write-through.</summary>
    public const string PostgresConnectionName = "Postgres";

    /// <summary>Optional: cluster membership in another database than the game data.</summary>
    public const string ClusteringConnectionName = "Clustering";

    /// <summary>ADO.NET's name for the PostgreSQL provider (the Npgsql assembly the storage project brings).</summary>
    public const string AdoNetInvariant = "Npgsql";

    public static string? PostgresConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(PostgresConnectionName) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    public static string? ClusteringConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ClusteringConnectionName) is { } clustering && !string.IsNullOrWhiteSpace(clustering)
            ? clustering
            : PostgresConnectionString(configuration);

    /// <summary>Sets the cluster's ids from <c>Orleans:ClusterId</c> / <c>Orleans:ServiceId</c> ("gamestate" by default).</summary>
    public static void ConfigureIds(ClusterOptions cluster, IConfiguration configuration)
    {
        cluster.ClusterId = configuration[$"{ClusterClientOptions.SectionName}:{nameof(ClusterOptions.ClusterId)}"] ?? DefaultId;
        cluster.ServiceId = configuration[$"{ClusterClientOptions.SectionName}:{nameof(ClusterOptions.ServiceId)}"] ?? DefaultId;
    }
}
