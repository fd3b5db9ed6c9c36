using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Orleans.GameState.Hosting;

/// <summary>
/// The OpenTelemetry metrics every process exports: its own meter, Orleans' and the .NET runtime's. The host adds
/// its exporter (the gateway's <c>/metrics</c> endpoint, a silo's HTTP listener) and its own instrumentation.
/// </summary>
public static class GameStateTelemetry
{
    public const string OrleansMeterName = "Microsoft.Orleans";

    public static IServiceCollection AddGameStateMetrics(this IServiceCollection services, string meterName, Action<MeterProviderBuilder>? configure = null)
    {
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(meterName, OrleansMeterName).AddRuntimeInstrumentation();
            configure?.Invoke(metrics);
        });
        return services;
    }
}
