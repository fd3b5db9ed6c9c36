namespace Orleans.GameState.Contract;

/// <summary>The error codes of CONTRACT sections 5 and 10; no others are sent.</summary>
public static class ErrorCodes
{
    public const string VersionConflict = "VERSION_CONFLICT";
    public const string ValidationError = "VALIDATION_ERROR";
    public const string TransactionFailed = "TRANSACTION_FAILED";
    public const string SessionNotFound = "SESSION_NOT_FOUND";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string RateLimited = "RATE_LIMITED";
    public const string HistoryUnavailable = "HISTORY_UNAVAILABLE";

    /// <summary>The session was ended (section 10): it is an archive, read-only.</summary>
    public const string SessionEnded = "SESSION_ENDED";
}
