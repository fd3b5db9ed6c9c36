using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Orleans.GameState.Gateway.Rest;

internal static class HttpUser
{
    /// <summary>
    /// The caller's user id: the token's <c>sub</c>. Endpoints require authorization and token validation refuses a
    /// token without <c>sub</c> (<see cref="Auth.AuthenticationSetup"/>), so it is present.
    /// </summary>
    public static string Id(this ClaimsPrincipal user) =>
        user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? throw new InvalidOperationException("Authenticated user without sub.");
}
