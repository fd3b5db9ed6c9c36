using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>Presence reports of this gateway's relays: on joins (awaited, for the join's answer) and leaves (not awaited).</summary>
public sealed partial class SessionRelays
{
    /// <summary>Reports the session's users joined here and answers the session's presence; null when it could not be had.</summary>
    public Task<PresenceSnapshot?> ReportPresenceAsync(string sessionId)
    {
        SessionRelay? relay;
        lock (_gate)
        {
            _relays.TryGetValue(sessionId, out relay);
        }

        return relay?.ReportPresenceAsync() ?? Task.FromResult<PresenceSnapshot?>(null);
    }

    /// <summary>A connection left but others stay: report without holding up the leave (the report logs its own failure).</summary>
    private void ReportPresenceSoon(string sessionId) => _ = ReportPresenceAsync(sessionId);
}
