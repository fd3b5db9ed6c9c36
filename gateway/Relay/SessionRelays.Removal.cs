namespace Orleans.GameState.Gateway.Relay;

/// <summary>Connections a relay dropped because their player was removed leave the session as if they had left.</summary>
public sealed partial class SessionRelays
{
    private void OnConnectionsRemoved(string sessionId, IReadOnlyList<string> connectionIds) =>
        _ = LeaveRemovedAsync(sessionId, connectionIds);

    private async Task LeaveRemovedAsync(string sessionId, IReadOnlyList<string> connectionIds)
    {
        foreach (var connectionId in connectionIds)
        {
            await LeaveAsync(sessionId, connectionId);
        }
    }
}
