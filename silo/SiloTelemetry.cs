using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Orleans.GameState.Grains.Telemetry;
using Orleans.GameState.Hosting;

namespace Orleans.GameState.Silo;

/// <summary>
/// OpenTelemetry metrics of a silo (the game-session meter, Orleans' own, the .NET runtime), served for
/// Prometheus at <c>http://&lt;host&gt;:&lt;Telemetry:PrometheusPort&gt;/metrics</c> when that port is set.
/// A silo has no web server of its own, hence the exporter's small HTTP listener.
/// </summary>
public static class SiloTelemetry
{
    public const string PortKey = "Telemetry:PrometheusPort";

    public static IServiceCollection AddSiloTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var port = configuration.GetValue<int>(PortKey);
        return services.AddGameStateMetrics(SessionMetrics.MeterName, metrics =>
        {
            if (port > 0)
            {
                metrics.AddPrometheusHttpListener(listener =>
                {
                    listener.Host = configuration["Telemetry:PrometheusHost"] ?? "127.0.0.1";
                    listener.Port = port;
                });
            }
        });
    }
}
