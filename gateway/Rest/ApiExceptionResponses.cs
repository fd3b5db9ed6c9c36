using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>
/// Answers an exception that escaped an endpoint with the contract's error body instead of an empty 500, and logs it.
/// Such an exception is the cluster or its storage failing (PostgreSQL down while a campaign is written, a silo gone):
/// <c>503 TRANSACTION_FAILED</c>, the contract's code for "storage failed", so the client knows to try again. A request
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
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            LogFailed(e, http.Request.Method, http.Request.Path);
            http.Response.Clear();
            await ApiErrors.Of(
                new ErrorInfo(ErrorCodes.TransactionFailed, "The cluster or its storage could not complete the request; try again."),
                StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed; answered 503 TRANSACTION_FAILED")]
    private partial void LogFailed(Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {Method} {Path} was malformed ({Status}): {Reason}")]
    private partial void LogBadRequest(string method, string path, int status, string reason);
}
