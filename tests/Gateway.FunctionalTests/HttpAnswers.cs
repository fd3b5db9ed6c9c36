using System.Net;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>Reading the gateway's JSON answers in tests: the status checked, the body kept, the error code read.</summary>
internal static class HttpAnswers
{
    /// <summary>Asserts the status (naming the request and the body when it differs) and answers the body, disposing the response.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {response.StatusCode}: {body}");
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The <c>error.code</c> of a hub or REST answer; null when it has no error.</summary>
    public static string? ErrorCode(JsonElement answer) =>
        answer.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;

    /// <summary>Asserts the status and the error code of the answer's <c>{error: {code, message}}</c> body.</summary>
    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string code) =>
        Assert.Equal(code, ErrorCode(await ReadAsync(response, status)));
}
