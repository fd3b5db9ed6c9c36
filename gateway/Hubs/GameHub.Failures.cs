using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Hosting;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>How a hub call that threw is answered: by where the exception came from (<see cref="FailureOrigin"/>).</summary>
public sealed partial class GameHub
{
    /// <summary>
    /// <c>TRANSACTION_FAILED</c> when the cluster or storage failed (for an update: its outcome is unknown, resending
    /// the id tells); <c>INTERNAL_ERROR</c>, logged at Error, for anything else, which is a bug.
    /// </summary>
    private ErrorInfo Failed(Exception exception, string method, string sessionId)
    {
        if (FailureOrigin.IsInfrastructure(exception))
        {
            LogCallFailed(exception, method, sessionId);
            return method == HubProtocol.Methods.Update ? GatewayErrors.UpdateOutcomeUnknown() : GatewayErrors.Unavailable();
        }

        LogCallBug(exception, method, sessionId);
        return GatewayErrors.Internal();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub call {Method} for session {SessionId} failed (cluster or storage); answered TRANSACTION_FAILED")]
    private partial void LogCallFailed(Exception exception, string method, string sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub call {Method} for session {SessionId} failed by a bug; answered INTERNAL_ERROR")]
    private partial void LogCallBug(Exception exception, string method, string sessionId);
}
