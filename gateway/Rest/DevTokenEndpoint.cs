using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Gateway.Auth;

namespace Orleans.GameState.Gateway.Rest;

public static class DevTokenEndpoint
{
    /// <summary><c>POST /api/dev/token {userId}</c>, mapped only when <c>Auth:DevTokens</c> is on.</summary>
    public static void MapDevTokens(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/dev/token", async (HttpContext http, DevTokenIssuer issuer) =>
        {
            var body = await RequestBodyReader.ReadAsync<DevTokenRequest>(http.Request);
            if (body.Failed)
            {
                return body.Error;
            }

            var userId = body.Value.UserId;
            if (string.IsNullOrWhiteSpace(userId))
            {
                return ApiErrors.Validation("userId: required.");
            }

            return TextRules.IsStorableKey(userId)
                ? Results.Json(new DevTokenResponse(issuer.Issue(userId)), ContractJson.Options)
                : ApiErrors.Validation("userId: must not contain U+0000.");
        });
}
