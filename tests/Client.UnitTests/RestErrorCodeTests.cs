using System.Net;
using Orleans.GameState.Client.Rest;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.UnitTests;

/// <summary>The code of a REST refusal without an error body: the one the gateway answers with that status.</summary>
public sealed class RestErrorCodeTests
{
    [Theory]
    [InlineData(HttpStatusCode.BadRequest, ErrorCodes.ValidationError)]
    [InlineData(HttpStatusCode.Unauthorized, ErrorCodes.PermissionDenied)]
    [InlineData(HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied)]
    [InlineData(HttpStatusCode.NotFound, ErrorCodes.NotFound)]
    [InlineData(HttpStatusCode.MethodNotAllowed, ErrorCodes.ValidationError)]
    [InlineData(HttpStatusCode.Gone, ErrorCodes.HistoryUnavailable)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.ValidationError)]
    [InlineData(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited)]
    [InlineData(HttpStatusCode.InternalServerError, ErrorCodes.InternalError)]
    [InlineData(HttpStatusCode.BadGateway, ErrorCodes.TransactionFailed)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ErrorCodes.TransactionFailed)]
    public async Task A_refusal_without_a_body_gets_the_code_of_its_status(HttpStatusCode status, string code)
    {
        using var client = new GameStateRestClient(new HttpClient(new FixedAnswer(status, null)) { BaseAddress = new Uri("http://127.0.0.1/") });

        var refusal = await Assert.ThrowsAsync<GameStateApiException>(() => client.GetStateAsync("s-1"));

        Assert.Equal(status, refusal.StatusCode);
        Assert.Equal(code, refusal.Code);
    }

    [Fact]
    public async Task The_error_body_s_code_wins_over_the_status()
    {
        const string body = """{"error":{"code":"SESSION_NOT_FOUND","message":"Session 's-1' does not exist."}}""";
        using var client = new GameStateRestClient(new HttpClient(new FixedAnswer(HttpStatusCode.NotFound, body)) { BaseAddress = new Uri("http://127.0.0.1/") });

        var refusal = await Assert.ThrowsAsync<GameStateApiException>(() => client.GetStateAsync("s-1"));

        Assert.Equal(ErrorCodes.SessionNotFound, refusal.Code);
        Assert.Equal("Session 's-1' does not exist.", refusal.ServerMessage);
    }

    [Fact]
    public async Task A_body_that_is_not_the_error_shape_is_the_message_and_the_status_gives_the_code()
    {
        using var client = new GameStateRestClient(new HttpClient(new FixedAnswer(HttpStatusCode.BadGateway, "<html>bad gateway</html>")) { BaseAddress = new Uri("http://127.0.0.1/") });

        var refusal = await Assert.ThrowsAsync<GameStateApiException>(() => client.GetStateAsync("s-1"));

        Assert.Equal(ErrorCodes.TransactionFailed, refusal.Code);
        Assert.Equal("<html>bad gateway</html>", refusal.ServerMessage);
    }

    /// <summary>Answers every request with one status and body, as a proxy in front of the gateway might.</summary>
    private sealed class FixedAnswer(HttpStatusCode status, string? body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body ?? string.Empty), RequestMessage = request });
    }
}
