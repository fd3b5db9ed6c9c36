using System.Net;

namespace Orleans.GameState.Client.Rest;

/// <summary>
/// The gateway refused a REST call: <see cref="StatusCode"/> and, when the answer carried the contract's error body
/// (<c>{error: {code, message}}</c>), its <see cref="Code"/> (e.g. <c>VALIDATION_ERROR</c>, <c>PERMISSION_DENIED</c>).
/// </summary>
public sealed class GameStateApiException(HttpStatusCode statusCode, string? code, string message, string call)
    : Exception($"{call} answered {(int)statusCode}{(code is null ? "" : $" {code}")}: {message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The contract's error code; null when the answer had no error body (401, for example).</summary>
    public string? Code { get; } = code;

    /// <summary>The server's message (or the raw answer when it had no error body).</summary>
    public string ServerMessage { get; } = message;

    /// <summary>The call, as <c>METHOD path</c>.</summary>
    public string Call { get; } = call;
}
