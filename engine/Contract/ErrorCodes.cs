namespace Orleans.GameState.Contract;

/// <summary>The error codes of docs/api.md sections 5 and 7, and <see cref="InternalError"/> for a server bug.</summary>
public static class ErrorCodes
{
    public const string VersionConflict = "VERSION_CONFLICT";
    public const string ValidationError = "VALIDATION_ERROR";
    public const string TransactionFailed = "TRANSACTION_FAILED";
    public const string SessionNotFound = "SESSION_NOT_FOUND";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string RateLimited = "RATE_LIMITED";
    public const string HistoryUnavailable = "HISTORY_UNAVAILABLE";

    /// <summary>REST only (docs/api.md section 3): an unknown campaign or entity; the hub's codes name sessions only.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>
    /// Not a contract code: the server failed in a way that is neither bad input nor the cluster or storage failing (a
    /// bug). Answered instead of <see cref="TransactionFailed"/>, which means "try again" (docs/security.md).
    /// </summary>
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>The session was ended (section 10): it is an archive, read-only.</summary>
    public const string SessionEnded = "SESSION_ENDED";
}
