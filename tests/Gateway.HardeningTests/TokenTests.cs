using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.GameState.Contract;
using Orleans.GameState.Testing;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>A hub connection ends with its token; tokens with text times or a crit header are refused.</summary>
[Collection(HardeningCollection.Name)]
public sealed class TokenTests(HardeningFixture fixture)
{
    [Fact]
    public async Task A_hub_connection_is_closed_when_its_token_expires()
    {
        var token = Sign($$"""{"sub":"{{SessionScenario.Player}}","exp":{{DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeSeconds()}}}""");
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Gateway.Address, HubProtocol.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var closed = new TaskCompletionSource<Exception?>();
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        await connection.StartAsync();
        var before = await connection.InvokeAsync<System.Text.Json.JsonElement>(HubProtocol.Methods.RequestFull, "s-none");
        Assert.Equal(ErrorCodes.SessionNotFound, before.GetProperty("error").GetProperty("code").GetString());

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Theory]
    [InlineData("exp-as-text")]
    [InlineData("nbf-as-text")]
    [InlineData("crit")]
    [InlineData("crit-empty")]
    [InlineData("long-sub")]
    public async Task Tokens_with_text_times_unknown_crit_headers_or_bad_subjects_are_refused(string kind)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var now = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        var token = kind switch
        {
            "exp-as-text" => Sign($$"""{"sub":"p","exp":"{{exp}}"}"""),
            "nbf-as-text" => Sign($$"""{"sub":"p","exp":{{exp}},"nbf":"{{now}}"}"""),
            "crit" => Sign($$"""{"sub":"p","exp":{{exp}}}""", new Dictionary<string, object> { ["crit"] = new[] { "x-unknown" }, ["x-unknown"] = true }),
            "crit-empty" => Sign($$"""{"sub":"p","exp":{{exp}}}""", new Dictionary<string, object> { ["crit"] = Array.Empty<string>() }),
            _ => Sign($$"""{"sub":"{{new string('p', 257)}}","exp":{{exp}}}"""),
        };

        using var rest = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent("""{"name":"x"}""", Encoding.UTF8, "application/json") };
        rest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"{HubProtocol.Path}/negotiate?negotiateVersion=1");
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var restResponse = await fixture.Gateway.Http.SendAsync(rest);
        using var negotiateResponse = await fixture.Gateway.Http.SendAsync(negotiate);
        await Expect.ErrorAsync(restResponse, HttpStatusCode.Unauthorized, ErrorCodes.PermissionDenied);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiateResponse.StatusCode);

        // The same claims written properly are accepted: the refusal is the form, not the key.
        if (kind == "exp-as-text")
        {
            using var good = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent("""{"name":"x"}""", Encoding.UTF8, "application/json") };
            good.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Sign($$"""{"sub":"p","exp":{{exp}}}"""));
            using var accepted = await fixture.Gateway.Http.SendAsync(good);
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }
    }

    private static string Sign(string payload, IDictionary<string, object>? headers = null)
    {
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(GatewayServer.SigningKey)), SecurityAlgorithms.HmacSha256);
        var handler = new JsonWebTokenHandler();
        return headers is null ? handler.CreateToken(payload, credentials) : handler.CreateToken(payload, credentials, headers);
    }
}
