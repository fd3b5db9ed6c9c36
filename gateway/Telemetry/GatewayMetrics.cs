using System.Diagnostics.Metrics;

namespace Orleans.GameState.Gateway.Telemetry;

/// <summary>The gateway's instruments (meter <c>Orleans.GameState.Gateway</c>), exported with OpenTelemetry.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Orleans.GameState.Gateway";

    private readonly UpDownCounter<long> _sockets;
    private readonly UpDownCounter<long> _relayedSessions;
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _fanOutLatency;
    private readonly Counter<long> _stalledDisconnects;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _sockets = meter.CreateUpDownCounter<long>("gamestate.gateway.connections", "{connection}", "Hub connections open on this gateway.");
        _relayedSessions = meter.CreateUpDownCounter<long>("gamestate.gateway.sessions", "{session}", "Sessions this gateway relays (has joined connections for).");
        _deliveries = meter.CreateCounter<long>("gamestate.gateway.deliveries", "{event}", "Events written to client connections.");
        _fanOutLatency = meter.CreateHistogram<double>("gamestate.gateway.fanout.latency", "ms", "From a broadcast reaching the gateway to its write to one connection.");
        _stalledDisconnects = meter.CreateCounter<long>("gamestate.gateway.stalled_disconnects", "{connection}", "Connections dropped because they fell too far behind.");
    }

    public void Connected() => _sockets.Add(1);

    public void Disconnected() => _sockets.Add(-1);

    public void RelayOpened() => _relayedSessions.Add(1);

    public void RelayClosed() => _relayedSessions.Add(-1);

    public void Delivered(TimeSpan latency)
    {
        _deliveries.Add(1);
        _fanOutLatency.Record(latency.TotalMilliseconds);
    }

    public void StalledDisconnect() => _stalledDisconnects.Add(1);
}
