using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.GameState.Gateway.Auth;

/// <summary>
/// What a signed token must also be beyond what the JWT library checks: its times written as JSON numbers (RFC 7519
/// NumericDate), and no <c>crit</c> header, since this server understands no JWS extension (RFC 7515 section 4.1.11
/// says a token naming one the recipient does not understand must be refused).
/// </summary>
/// <remarks>The library reads <c>"exp": "1764000000"</c> as a time too; a token that says its expiry as text was not made by our rules.</remarks>
public static class TokenFormRules
{
    private static readonly string[] NumericDateClaims = [JwtRegisteredClaimNames.Exp, JwtRegisteredClaimNames.Nbf, JwtRegisteredClaimNames.Iat];

    /// <summary>Null when the token keeps these rules; else why not, for the 401's log.</summary>
    public static string? Violation(JsonWebToken token)
    {
        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            return "The token has a crit header: this server understands no JWS extension.";
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        foreach (var claim in NumericDateClaims)
        {
            if (payload.RootElement.TryGetProperty(claim, out var value) && value.ValueKind != JsonValueKind.Number)
            {
                return $"The token's {claim} is not a number (a NumericDate).";
            }
        }

        return null;
    }
}
