namespace Orleans.GameState.Testing;

public static class TestClusterSettings
{
    public const string PostgresConnectionKey = "ConnectionStrings:Postgres";

    /// <summary>Membership may live in its own database, so a test can take session storage down without touching the cluster.</summary>
    public const string ClusteringConnectionKey = "ConnectionStrings:Clustering";
}
