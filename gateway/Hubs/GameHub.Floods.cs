namespace Orleans.GameState.Gateway.Hubs;

/// <summary>A connection that floods updates is closed with a reason, and its user cooled off (<see cref="UpdateRateLimits"/>).</summary>
public sealed partial class GameHub
{
    private void CloseAsFlood()
    {
        rateLimits.CoolOff(UserId);
        LogFloodClosed(Context.ConnectionId, UserId);
        if (outboxes.TryGet(Context.ConnectionId, out var outbox))
        {
            outbox.CloseWithError(GatewayErrors.FloodCloseReason);
        }
        else
        {
            Context.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} of user {UserId} closed for flooding updates past its rate; the user is cooled off")]
    private partial void LogFloodClosed(string connectionId, string userId);
}
