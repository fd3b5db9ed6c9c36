using System.Net;

namespace Orleans.GameState.Client.Rest;

/// <summary>
/// The gateway refused a REST call: <see cref="StatusCode"/> and the contract's error <see cref="Code"/> (e.g.
/// <c>VALIDATION_ERROR</c>, <c>PERMISSION_DENIED</c>), from the error body (<c>{error: {code, message}}</c>) or, when the
/// answer had none, the code the gateway answers with that status.
/// </summary>
public sealed class GameStateApiException(HttpStatusCode statusCode, string? code, string message, string call)
    : Exception($"{call} answered {(int)statusCode}{(code is null ? "" : $" {code}")}: {message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The contract's error code: the error body's, else the one of <see cref="StatusCode"/> (429 <c>RATE_LIMITED</c>, 500 <c>INTERNAL_ERROR</c>, …).</summary>
    public string? Code { get; } = code;

    /// <summary>The server's message (or the raw answer when it had no error body).</summary>
    public string ServerMessage { get; } = message;

    /// <summary>The call, as <c>METHOD path</c>.</summary>
    public string Call { get; } = call;
}
