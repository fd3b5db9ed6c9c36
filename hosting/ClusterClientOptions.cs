namespace Orleans.GameState.Hosting;

/// <summary>How an Orleans client finds the cluster (configuration section <c>Orleans</c>).</summary>
public sealed class ClusterClientOptions
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; set; } = GameStateCluster.DefaultId;

    public string ServiceId { get; set; } = GameStateCluster.DefaultId;

    /// <summary>Fixed silo gateway endpoints ("127.0.0.1:30000"); when empty, membership in PostgreSQL (or localhost) is used.</summary>
    public string[] Gateways { get; set; } = [];

    /// <summary>The silo gateway port for localhost clustering (no connection string).</summary>
    public int GatewayPort { get; set; } = 30000;
}
