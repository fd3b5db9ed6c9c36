using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>REST error responses: <c>{error: {code, message}}</c> with the status CONTRACT section 3 gives each kind.</summary>
public static class ApiErrors
{
    public static IResult Of(ErrorInfo error) => Results.Json(new { error }, Contract.ContractJson.Options, statusCode: StatusOf(error.Code));

    public static IResult Validation(string message) => Of(new ErrorInfo(ErrorCodes.ValidationError, message));

    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.ValidationError => StatusCodes.Status400BadRequest,
        ErrorCodes.VersionConflict => StatusCodes.Status409Conflict,
        ErrorCodes.PermissionDenied => StatusCodes.Status403Forbidden,
        ErrorCodes.SessionNotFound or CampaignReply.NotFoundCode => StatusCodes.Status404NotFound,
        ErrorCodes.HistoryUnavailable => StatusCodes.Status410Gone,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status503ServiceUnavailable,
    };
}
