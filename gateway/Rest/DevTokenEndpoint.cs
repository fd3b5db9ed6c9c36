using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Auth;

namespace Orleans.GameState.Gateway.Rest;

public static class DevTokenEndpoint
{
    /// <summary><c>POST /api/dev/token {userId}</c>, mapped only when <c>Auth:DevTokens</c> is on.</summary>
    public static void MapDevTokens(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/dev/token", (DevTokenRequest? body, DevTokenIssuer issuer) =>
            string.IsNullOrWhiteSpace(body?.UserId)
                ? ApiErrors.Validation("userId: required.")
                : Results.Json(new DevTokenResponse(issuer.Issue(body.UserId)), ContractJson.Options));
}
