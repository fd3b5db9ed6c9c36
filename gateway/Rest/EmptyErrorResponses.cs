using Microsoft.AspNetCore.Diagnostics;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>
/// The contract's error body for error responses the framework ends without one (run as the status-code-pages
/// handler, so only for a status of 400 or more with no body and no content type yet): the bearer challenge's 401,
/// no route, a method a route does not take.
/// </summary>
/// <remarks>
/// The contract's codes name hub failures; for these the closest one is used. A 401 is <c>PERMISSION_DENIED</c> (the
/// <c>WWW-Authenticate</c> header the challenge set stays). An unknown route (404) or method (405) is a
/// <c>VALIDATION_ERROR</c>: the request is bad input, and the status says which kind; an unknown campaign or entity is
/// answered by its grain with <c>NOT_FOUND</c> instead. A server error without a body is <c>TRANSACTION_FAILED</c>.
/// </remarks>
public static class EmptyErrorResponses
{
    public const string BearerTokenRequired =
        "A valid bearer token is required: Authorization: Bearer <jwt> (for WebSockets, access_token=<jwt>), HS256-signed, with sub and an unexpired exp.";

    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        return ApiErrors.Of(ErrorFor(status, http.Request), status).ExecuteAsync(http);
    }

    private static ErrorInfo ErrorFor(int status, HttpRequest request) => status switch
    {
        StatusCodes.Status401Unauthorized => new(ErrorCodes.PermissionDenied, BearerTokenRequired),
        StatusCodes.Status403Forbidden => new(ErrorCodes.PermissionDenied, "Not allowed."),
        StatusCodes.Status404NotFound => new(ErrorCodes.ValidationError, $"No route {request.Method} {request.Path}."),
        StatusCodes.Status405MethodNotAllowed => new(ErrorCodes.ValidationError, $"{request.Method} is not allowed on {request.Path}."),
        StatusCodes.Status413PayloadTooLarge => new(ErrorCodes.ValidationError, "body: too large."),
        StatusCodes.Status503ServiceUnavailable => new(ErrorCodes.TransactionFailed, "The gateway could not complete the request; try again."),
        >= 500 => new(ErrorCodes.InternalError, "The gateway failed on this request."),
        _ => new(ErrorCodes.ValidationError, $"The request was refused ({status})."),
    };
}
