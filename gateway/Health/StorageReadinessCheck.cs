using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.GameState.Storage.Health;

namespace Orleans.GameState.Gateway.Health;

/// <summary>Ready when PostgreSQL answers (only registered when a connection string is configured).</summary>
public sealed class StorageReadinessCheck(IStorageProbe storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("storage unreachable", e);
        }
    }
}
