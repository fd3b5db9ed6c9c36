using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Orleans.GameState.Gateway.Health;

/// <summary>Ready when PostgreSQL answers (only registered when a connection string is configured).</summary>
public sealed class StorageReadinessCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("storage unreachable", e);
        }
    }
}
