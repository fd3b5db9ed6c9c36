using Orleans.GameState.Contract;
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

            return string.IsNullOrWhiteSpace(body.Value.UserId)
                ? ApiErrors.Validation("userId: required.")
                : Results.Json(new DevTokenResponse(issuer.Issue(body.Value.UserId)), ContractJson.Options);
        });
}
