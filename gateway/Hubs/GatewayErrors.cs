using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>Errors the gateway answers itself, before or instead of a grain.</summary>
public static class GatewayErrors
{
    public static ErrorInfo MissingSessionId() => new(ErrorCodes.ValidationError, "sessionId: required.");

    public static ErrorInfo BadVersion(string? version) =>
        new(ErrorCodes.ValidationError, $"version: '{version}' is not a decimal integer string.");

    public static ErrorInfo RateLimited() => new(ErrorCodes.RateLimited, "Too many updates on this connection; slow down.");

    /// <summary>The cluster did not answer; the update may or may not have been applied. Resending the same id is safe.</summary>
    public static ErrorInfo UpdateOutcomeUnknown() =>
        new(ErrorCodes.TransactionFailed, "The session could not be reached; resend the same update id to learn its outcome.");

    public static ErrorInfo Unavailable() => new(ErrorCodes.TransactionFailed, "The session could not be reached; try again.");
}
