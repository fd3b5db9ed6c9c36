using System.Diagnostics.Metrics;

namespace Orleans.GameState.Grains.Telemetry;

/// <summary>
/// The silo's game-session instruments (meter <c>Orleans.GameState.Sessions</c>). Hosts export them with
/// OpenTelemetry; names follow its conventions so dashboards can be shared across deployments.
/// </summary>
public sealed class SessionMetrics
{
    public const string MeterName = "Orleans.GameState.Sessions";

    private readonly Counter<long> _applied;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _updateDuration;
    private readonly Counter<long> _storageRetries;
    private readonly UpDownCounter<long> _activeSessions;
    private readonly Histogram<double> _writeThroughLag;

    public SessionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _applied = meter.CreateCounter<long>("gamestate.updates.applied", "{update}", "Updates accepted and made durable.");
        _rejected = meter.CreateCounter<long>("gamestate.updates.rejected", "{update}", "Updates refused, by error code.");
        _updateDuration = meter.CreateHistogram<double>("gamestate.update.duration", "ms", "Time in the session grain from receipt to durable answer.");
        _storageRetries = meter.CreateCounter<long>("gamestate.storage.retries", "{retry}", "Retried session storage writes.");
        _activeSessions = meter.CreateUpDownCounter<long>("gamestate.sessions.active", "{session}", "Session activations on this silo.");
        _writeThroughLag = meter.CreateHistogram<double>("gamestate.writethrough.lag", "ms", "From an update's acknowledgement to its backing models being written.");
    }

    public void Applied(string source, double milliseconds)
    {
        _applied.Add(1, new KeyValuePair<string, object?>("source", source));
        _updateDuration.Record(milliseconds);
    }

    public void Rejected(string code) => _rejected.Add(1, new KeyValuePair<string, object?>("code", code));

    public void StorageRetried() => _storageRetries.Add(1);

    public void SessionActivated() => _activeSessions.Add(1);

    public void SessionDeactivated() => _activeSessions.Add(-1);

    public void WrittenThrough(TimeSpan lag) => _writeThroughLag.Record(lag.TotalMilliseconds);
}
