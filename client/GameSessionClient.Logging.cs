using Microsoft.Extensions.Logging;

namespace Orleans.GameState.Client;

/// <summary>The client's log messages.</summary>
public sealed partial class GameSessionClient
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the stored state of session {SessionId}; starting without it")]
    private partial void LogStoredStateUnreadable(Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored state of session {SessionId} is not a valid state; ignoring it")]
    private partial void LogStoredStateInvalid(Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the state of session {SessionId}")]
    private partial void LogStateNotStored(Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling a {Event} event failed")]
    private partial void LogEventFailed(Exception exception, string @event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Event} handler threw")]
    private partial void LogHandlerThrew(Exception exception, string @event);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: broadcast of version {NewVersion} with the copy at {Version}; catching up")]
    private partial void LogGap(string? sessionId, string newVersion, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: version {NewVersion} does not follow the copy's {Version}")]
    private partial void LogNotNext(string? sessionId, string newVersion, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the local copy diverged; refreshing it")]
    private partial void LogCopyDiverged(Exception exception, string? sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: updates after {Version} unavailable ({Code}); taking the joined state")]
    private partial void LogJoinHistoryUnavailable(string sessionId, long version, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the copy from version {Version} did not replay to the joined state; taking the joined state")]
    private partial void LogJoinReplayMismatch(string sessionId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: {Step} failed; will sync again on the next broadcast or reconnection")]
    private partial void LogSyncStepFailed(Exception exception, string? sessionId, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection to {Hub} lost; reconnecting")]
    private partial void LogReconnecting(Exception? exception, Uri hub);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection to {Hub} closed; restarting it")]
    private partial void LogRestarting(Exception? exception, Uri hub);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconnection attempt {Attempt} to {Hub} failed")]
    private partial void LogReconnectAttemptFailed(Exception exception, long attempt, Uri hub);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejoining session {SessionId} failed (attempt {Attempt})")]
    private partial void LogRejoinFailed(Exception exception, string sessionId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejoining session {SessionId} was refused: {Code} {Message}")]
    private partial void LogRejoinRefused(string sessionId, string code, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Leaving session {SessionId} was not acknowledged")]
    private partial void LogLeaveUnacknowledged(Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the hub connection failed")]
    private partial void LogCloseFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Update {UpdateId} not sent: {Reason}")]
    private partial void LogUpdateTooLarge(string updateId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {UpdateId} was not answered (attempt {Attempt}); resending it when connected")]
    private partial void LogUpdateUnanswered(Exception exception, string updateId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {UpdateId} conflicted at version {Version} (server at {Current}); refreshing")]
    private partial void LogUpdateConflicted(string updateId, string version, string? current);
}
