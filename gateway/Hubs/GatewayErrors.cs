using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>Errors the gateway answers itself, before or instead of a grain.</summary>
public static class GatewayErrors
{
    public static ErrorInfo NotUnicode(string field) =>
        new(ErrorCodes.ValidationError, $"{field}: not valid Unicode (an escaped lone surrogate such as \\ud800).");

    public static ErrorInfo HoldsNul(string field) => new(ErrorCodes.ValidationError, $"{field}: must not contain U+0000.");

    public static ErrorInfo NotAString(string field) => new(ErrorCodes.ValidationError, $"{field}: must be a string.");

    /// <param name="field">How the caller named it: <c>version</c> on the hub, <c>since</c> in the REST query.</param>
    /// <param name="text">What was sent, for the message; null when nothing was.</param>
    public static ErrorInfo BadVersion(string field, string? text) => new(
        ErrorCodes.ValidationError,
        text is null
            ? $"{field}: required, a decimal integer string such as \"1\"."
            : $"{field}: must be a decimal integer string such as \"1\", without sign or leading zeros (got {Shortened(text)}).");

    public static ErrorInfo RateLimited() => new(ErrorCodes.RateLimited, "Too many updates on this connection; slow down.");

    public static ErrorInfo Flooding() =>
        new(ErrorCodes.RateLimited, "Too many updates on this connection, again and again: the connection is being closed; reconnect later.");

    public const string FloodCloseReason = ErrorCodes.RateLimited + ": this connection kept sending updates far over its rate and was closed; its user may reconnect after a cool-off.";

    public static ErrorInfo CoolingOff() =>
        new(ErrorCodes.RateLimited, "This user's last connection was closed for flooding updates; try again after the cool-off.");

    /// <summary>The cluster did not answer; the update may or may not have been applied. Resending the same id is safe.</summary>
    public static ErrorInfo UpdateOutcomeUnknown() =>
        new(ErrorCodes.TransactionFailed, "The session could not be reached; resend the same update id to learn its outcome.");

    public static ErrorInfo Unavailable() => new(ErrorCodes.TransactionFailed, "The session could not be reached; try again.");

    /// <summary>A failure that is not the cluster's or storage's (<see cref="Hosting.FailureOrigin"/>): a bug, logged at Error.</summary>
    public static ErrorInfo Internal() =>
        new(ErrorCodes.InternalError, "The server failed on this request (a bug, logged); retrying the same request will not help.");

    private static string Shortened(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
