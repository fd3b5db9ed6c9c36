using System.Net;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Rest;

/// <summary>
/// The error code of a REST refusal that came without the contract's error body (a proxy's answer, or a body lost on
/// the way): the code the gateway answers with that status (README "Errors and inputs", docs/api.md section 3).
/// Other 5xx are taken as the cluster failing (try again); other 4xx as bad input.
/// </summary>
internal static class StatusErrorCodes
{
    public static string Of(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ErrorCodes.PermissionDenied,
        HttpStatusCode.NotFound => ErrorCodes.NotFound,
        HttpStatusCode.Gone => ErrorCodes.HistoryUnavailable,
        HttpStatusCode.TooManyRequests => ErrorCodes.RateLimited,
        HttpStatusCode.InternalServerError => ErrorCodes.InternalError,
        >= HttpStatusCode.InternalServerError => ErrorCodes.TransactionFailed,
        _ => ErrorCodes.ValidationError,
    };
}
