using Orleans.GameState.Contract;

namespace Orleans.GameState.Campaigns;

/// <summary>
/// The answer of a campaign call: an error, or a JSON body (UTF-8 text) for the REST response.
/// Error codes map to HTTP: <c>VALIDATION_ERROR</c> 400, <c>PERMISSION_DENIED</c> 403, <c>NOT_FOUND</c> 404.
/// </summary>
[GenerateSerializer, Immutable, Alias("gs.CampaignReply")]
public sealed record CampaignReply(
    [property: Id(0)] ErrorInfo? Error,
    [property: Id(1)] string? Json)
{
    /// <summary>REST-only code for an unknown campaign or entity (the hub's codes name sessions only).</summary>
    public const string NotFoundCode = ErrorCodes.NotFound;

    public static CampaignReply Ok(string? json = null) => new(null, json);

    public static CampaignReply Failed(string code, string message) => new(new ErrorInfo(code, message), null);
}
