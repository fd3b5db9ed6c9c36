using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.FunctionalTests;

[Collection(GatewayCollection.Name)]
public sealed class AuthenticationTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Health_endpoints_need_no_token()
    {
        using var healthz = await fixture.Gateway.Http.GetAsync("/healthz");
        using var readyz = await fixture.Gateway.Http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("bad-signature")]
    [InlineData("expired")]
    [InlineData("no-expiry")]
    public async Task Rest_and_negotiate_refuse_missing_and_bad_tokens(string? kind)
    {
        var token = kind switch
        {
            "bad-signature" => Token("wrong-key-wrong-key-wrong-key-wrong-key!!", DateTime.UtcNow.AddHours(1)),
            "expired" => Token(GatewayServer.SigningKey, DateTime.UtcNow.AddMinutes(-1)),
            "no-expiry" => Token(GatewayServer.SigningKey, null),
            _ => kind,
        };

        using var rest = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/s-{Guid.NewGuid():N}/state");
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"{HubProtocol.Path}/negotiate?negotiateVersion=1");
        if (token is not null)
        {
            rest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var restResponse = await fixture.Gateway.Http.SendAsync(rest);
        using var negotiateResponse = await fixture.Gateway.Http.SendAsync(negotiate);

        Assert.Equal(HttpStatusCode.Unauthorized, restResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiateResponse.StatusCode);
    }

    [Theory]
    [InlineData("no-sub")]
    [InlineData("empty-sub")]
    [InlineData("blank-sub")]
    [InlineData("nameid-only")]
    public async Task A_correctly_signed_token_without_a_subject_is_refused_like_a_bad_one(string kind)
    {
        Claim[] claims = kind switch
        {
            "empty-sub" => [new Claim("sub", string.Empty)],
            "blank-sub" => [new Claim("sub", "  ")],
            "nameid-only" => [new Claim("nameid", "someone")],
            _ => [new Claim("name", "someone")],
        };
        var token = Token(GatewayServer.SigningKey, DateTime.UtcNow.AddHours(1), claims);

        using var rest = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent("""{"name":"No subject"}""", Encoding.UTF8, "application/json") };
        rest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"{HubProtocol.Path}/negotiate?negotiateVersion=1");
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var restResponse = await fixture.Gateway.Http.SendAsync(rest);
        using var negotiateResponse = await fixture.Gateway.Http.SendAsync(negotiate);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Gateway.Address, HubProtocol.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, restResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiateResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bad-signature")]
    public async Task A_401_carries_the_error_body_and_keeps_the_bearer_challenge(string? kind)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/c-{Guid.NewGuid():N}/items");
        if (kind is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("wrong-key-wrong-key-wrong-key-wrong-key!!", DateTime.UtcNow.AddHours(1)));
        }

        using var response = await fixture.Gateway.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal("PERMISSION_DENIED", error.GetProperty("code").GetString());
        Assert.Contains("bearer token", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_hub_connection_with_an_expired_token_is_refused()
    {
        var token = Token(GatewayServer.SigningKey, DateTime.UtcNow.AddMinutes(-1));
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Gateway.Address, HubProtocol.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_accepted_for_the_hub()
    {
        var token = await fixture.Gateway.TokenAsync(SessionScenario.Player);

        using var response = await fixture.Gateway.Http.PostAsync($"{HubProtocol.Path}/negotiate?negotiateVersion=1&access_token={token}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static string Token(string key, DateTime? expires, Claim[]? claims = null)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims ?? [new Claim("sub", "someone")]),
            Expires = expires,
            IssuedAt = expires?.AddHours(-2),
            NotBefore = expires?.AddHours(-2),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
