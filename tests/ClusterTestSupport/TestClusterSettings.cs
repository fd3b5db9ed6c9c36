namespace Orleans.GameState.Testing;

public static class TestClusterSettings
{
    public const string PostgresConnectionKey = "ConnectionStrings:Postgres";

    /// <summary>Membership may live in its own database, so a test can take session storage down without touching the cluster.</summary>
    public const string ClusteringConnectionKey = "ConnectionStrings:Clustering";

    /// <summary>The cluster's ids as every host reads them (<c>AddGameStateSilo</c>, <c>AddGameStateClient</c>).</summary>
    public const string ClusterIdKey = "Orleans:ClusterId";

    public const string ServiceIdKey = "Orleans:ServiceId";
}
