using System.Net;
using System.Text.Json;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>Assertions on the contract's error shapes, hub and REST.</summary>
internal static class Expect
{
    /// <summary>A hub result <c>{success: false, error: {code, message}}</c> with <paramref name="code"/>.</summary>
    public static JsonElement Refused(JsonElement completion, string code)
    {
        Assert.Equal(3, HubSocket.Type(completion));
        Assert.True(completion.TryGetProperty("result", out var result), $"no result: {completion}");
        Assert.False(result.GetProperty("success").GetBoolean(), result.ToString());
        var error = result.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error;
    }

    /// <summary>A REST answer with <paramref name="status"/> and the body <c>{error: {code, message}}</c> with <paramref name="code"/>.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode} {text}");
        using var body = JsonDocument.Parse(text);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error.Clone();
    }
}
