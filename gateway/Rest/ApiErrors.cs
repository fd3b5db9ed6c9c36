using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>REST error responses: <c>{error: {code, message}}</c> with the status CONTRACT section 3 gives each kind.</summary>
public static class ApiErrors
{
    public static IResult Of(ErrorInfo error) => Of(error, StatusOf(error.Code));

    /// <summary>For the few errors whose status is not their code's (a 401 is <c>PERMISSION_DENIED</c>, as a 403 is).</summary>
    public static IResult Of(ErrorInfo error, int status) => Results.Json(new { error }, ContractJson.Options, statusCode: status);

    public static IResult Validation(string message) => Of(new ErrorInfo(ErrorCodes.ValidationError, message));

    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.ValidationError => StatusCodes.Status400BadRequest,
        ErrorCodes.VersionConflict or ErrorCodes.SessionEnded => StatusCodes.Status409Conflict,
        ErrorCodes.PermissionDenied => StatusCodes.Status403Forbidden,
        ErrorCodes.SessionNotFound or CampaignReply.NotFoundCode => StatusCodes.Status404NotFound,
        ErrorCodes.HistoryUnavailable => StatusCodes.Status410Gone,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.InternalError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status503ServiceUnavailable,
    };
}
