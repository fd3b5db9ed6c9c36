using Orleans.GameState.Contract;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>The session grain's error answers, worded once.</summary>
internal static class SessionErrors
{
    public static ErrorInfo NotFound(string sessionId) => new(ErrorCodes.SessionNotFound, $"Session '{sessionId}' does not exist.");

    public static ErrorInfo NotMember(string sessionId) => new(ErrorCodes.PermissionDenied, $"You are not a member of session '{sessionId}'.");

    public static ErrorInfo NotGm(string sessionId) => new(ErrorCodes.PermissionDenied, $"Only the GM may update session '{sessionId}'.");

    public static ErrorInfo SystemSource() => new(ErrorCodes.PermissionDenied, "Clients may only send updates with source \"gm\".");

    public static ErrorInfo MissingId() => new(ErrorCodes.ValidationError, "id: must be a non-empty string.");

    public static ErrorInfo WrongSession(string sessionId) => new(ErrorCodes.ValidationError, $"sessionId: the update names another session than '{sessionId}'.");

    public static ErrorInfo Conflict(string sent, long current) =>
        new(ErrorCodes.VersionConflict, $"Update was made against version {sent}; the session is at version {current}.", current.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static ErrorInfo StorageFailed() => new(ErrorCodes.TransactionFailed, "The update could not be stored; nothing was changed.");

    public static ErrorInfo HistoryUnavailable(long version) =>
        new(ErrorCodes.HistoryUnavailable, $"Updates after version {version} are no longer kept; request the full state.");

    public static ErrorInfo BadVersion(long version) => new(ErrorCodes.ValidationError, $"version: {version} is not a valid version.");

    public static ErrorInfo VersionAhead(long version, long current) =>
        new(ErrorCodes.ValidationError, $"at: version {version} is after the current version {current}.");

    public static ErrorInfo BadVersionText(string field, string? sent) =>
        new(ErrorCodes.ValidationError, $"{field}: must be a decimal version string such as \"1\" (got {(sent is null ? "nothing" : $"\"{sent}\"")}).");

    public static ErrorInfo RevertNotBack(long toVersion, long version) =>
        new(ErrorCodes.ValidationError, $"toVersion: {toVersion} must be below version {version}.");

    public static ErrorInfo RevertBeforeOrigin(long toVersion, long origin) =>
        new(ErrorCodes.ValidationError, $"toVersion: {toVersion} is before the session's first version {origin}.");

    public static ErrorInfo Ended(string sessionId) =>
        new(ErrorCodes.SessionEnded, $"Session '{sessionId}' has ended; it can be read but no longer changed.");

    public static ErrorInfo NotGmToEnd(string sessionId) => new(ErrorCodes.PermissionDenied, $"Only the GM may end session '{sessionId}'.");
}
