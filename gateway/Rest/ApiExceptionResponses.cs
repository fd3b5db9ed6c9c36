using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Hosting;
using Orleans.GameState.Gateway.Hubs;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>
/// Answers an exception that escaped an endpoint with the contract's error body instead of an empty 500, and logs it.
/// When the cluster or its storage failed (PostgreSQL down while a campaign is written, a silo gone; see
/// <see cref="Hosting.FailureOrigin"/>): <c>503 TRANSACTION_FAILED</c>, the contract's code for "storage failed", so the
/// client knows to try again. Any other exception is a bug: <c>500 INTERNAL_ERROR</c>, logged at Error. A request
/// Kestrel found malformed (<see cref="BadHttpRequestException"/>: body too large, broken framing) keeps its 4xx status
/// as a <c>VALIDATION_ERROR</c>. Nothing is written once the response has started or when the client went away.
/// </summary>
public sealed partial class ApiExceptionResponses(RequestDelegate next, ILogger<ApiExceptionResponses> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            LogBadRequest(http.Request.Method, http.Request.Path, e.StatusCode, e.Message);
            http.Response.Clear();
            await ApiErrors.Of(new ErrorInfo(ErrorCodes.ValidationError, $"request: {e.Message}"), e.StatusCode).ExecuteAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested && FailureOrigin.IsInfrastructure(e))
        {
            LogFailed(e, http.Request.Method, http.Request.Path);
            http.Response.Clear();
            await ApiErrors.Of(
                new ErrorInfo(ErrorCodes.TransactionFailed, "The cluster or its storage could not complete the request; try again."),
                StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            LogBug(e, http.Request.Method, http.Request.Path);
            http.Response.Clear();
            await ApiErrors.Of(GatewayErrors.Internal(), StatusCodes.Status500InternalServerError).ExecuteAsync(http);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed; answered 503 TRANSACTION_FAILED")]
    private partial void LogFailed(Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed by a bug; answered 500 INTERNAL_ERROR")]
    private partial void LogBug(Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {Method} {Path} was malformed ({Status}): {Reason}")]
    private partial void LogBadRequest(string method, string path, int status, string reason);
}
