using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Gateway.Auth;

public static class AuthenticationSetup
{
    public const string HubPath = HubProtocol.Path;

    /// <summary>JWT bearer auth with the HS256 key; WebSockets may carry the token as <c>access_token</c> (SignalR's convention).</summary>
    public static IServiceCollection AddGameStateAuthentication(this IServiceCollection services, AuthOptions auth)
    {
        var key = TokenSigning.Key(auth);
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.Zero,
                NameClaimType = JwtRegisteredClaimNames.Sub,
            };
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    var token = context.Request.Query["access_token"];
                    if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(HubPath))
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = RequireSubject,
            };
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// <c>sub</c> is the user id (docs/api.md section 2): a token without one, or with an empty one, names nobody and is
    /// refused here, with the same 401 as a bad token. Accepted, it authenticated a user every endpoint and hub method
    /// then failed on.
    /// </summary>
    private static Task RequireSubject(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (string.IsNullOrWhiteSpace(subject))
        {
            context.Fail("The token has no sub claim: it names no user.");
        }
        else if (context.HttpContext.RequestServices.GetRequiredService<IdRule>().Check(subject, "sub") is { } invalid)
        {
            // User ids are stored (a campaign's GM and members) and follow the id rule like every other id.
            context.Fail($"The token's {invalid.Message}");
        }
        else if (context.SecurityToken is JsonWebToken token && TokenFormRules.Violation(token) is { } malformed)
        {
            context.Fail(malformed);
        }

        return Task.CompletedTask;
    }
}
