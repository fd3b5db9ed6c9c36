using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GameState.Gateway.Telemetry;

namespace Orleans.GameState.Gateway.UnitTests;

internal static class TestMetrics
{
    public static GatewayMetrics Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
