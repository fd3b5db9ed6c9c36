using Microsoft.Extensions.Logging;

namespace Orleans.GameState.Grains.Sessions;

public sealed partial class GameSessionGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} created in campaign {CampaignId}")]
    private partial void LogSessionCreated(string sessionId, string campaignId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} loaded: snapshot {SnapshotVersion} + {Replayed} logged updates = version {Version}")]
    private partial void LogSessionLoaded(string sessionId, long snapshotVersion, int replayed, long version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} applied update {UpdateId} as version {Version} ({Operations} operations, source {Source})")]
    private partial void LogUpdateApplied(string sessionId, string updateId, long version, int operations, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId} could not store update {UpdateId} (version {Version}); answered TRANSACTION_FAILED")]
    private partial void LogStorageFailed(Exception exception, string sessionId, string updateId, long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId} could not look update {UpdateId} up in the log; answered TRANSACTION_FAILED")]
    private partial void LogUpdateIdLookupFailed(Exception exception, string sessionId, string updateId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: version {Version} was committed by another activation (storage at {Latest}); reloading")]
    private partial void LogStaleActivation(string sessionId, long version, long latest);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} snapshot at version {Version} ({Bytes} chars)")]
    private partial void LogSnapshotWritten(string sessionId, long version, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} snapshot at version {Version} failed")]
    private partial void LogSnapshotFailed(Exception exception, string sessionId, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} ended at version {Version}")]
    private partial void LogSessionEnded(string sessionId, long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId} could not read its history at version {Version}; answered TRANSACTION_FAILED")]
    private partial void LogHistoryReadFailed(Exception exception, string sessionId, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: the presence lease of gateway {GatewayId} lapsed (gateway gone?)")]
    private partial void LogPresenceLeaseLapsed(string sessionId, string gatewayId);
}
