using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.GameState.Gateway.Auth;

/// <summary>Mints HS256 tokens for <c>POST /api/dev/token</c> (local runs and tests only).</summary>
public sealed class DevTokenIssuer(IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(string userId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.DevTokenLifetime,
            SigningCredentials = new SigningCredentials(TokenSigning.Key(options.Value), SecurityAlgorithms.HmacSha256),
        });
    }
}
