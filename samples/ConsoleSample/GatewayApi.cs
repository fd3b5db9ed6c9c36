using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Samples.ConsoleSample;

/// <summary>The few REST calls of CONTRACT section 3 the sample needs, as one user.</summary>
public sealed class GatewayApi : IDisposable
{
    private readonly HttpClient _http;

    private GatewayApi(HttpClient http, string userId, string token)
    {
        _http = http;
        UserId = userId;
        Token = token;
    }

    public string UserId { get; }

    public string Token { get; }

    /// <summary>Gets a token from <c>POST /api/dev/token</c> (enabled by deploy/local.sh) and signs in as that user.</summary>
    public static async Task<GatewayApi> SignInAsync(Uri gateway, string userId, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = gateway };
        try
        {
            using var response = await http.PostAsJsonAsync("/api/dev/token", new { userId }, cancellationToken);
            await EnsureAsync(response, "POST /api/dev/token", cancellationToken);
            var token = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["token"]!.GetValue<string>();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return new GatewayApi(http, userId, token);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public Task<JsonObject> CreateCampaignAsync(string name, CancellationToken cancellationToken) =>
        PostAsync("/api/campaigns", new { name }, cancellationToken);

    public async Task AddMemberAsync(string campaignId, string userId, CancellationToken cancellationToken) =>
        await PostAsync($"/api/campaigns/{campaignId}/members", new { userId }, cancellationToken);

    public Task<JsonObject> CreateCharacterAsync(string campaignId, object character, CancellationToken cancellationToken) =>
        PostAsync($"/api/campaigns/{campaignId}/characters", character, cancellationToken);

    public Task<JsonObject> CreateSessionAsync(string campaignId, CancellationToken cancellationToken) =>
        PostAsync($"/api/campaigns/{campaignId}/sessions", new { }, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<JsonObject> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(path, body, cancellationToken);
        await EnsureAsync(response, $"POST {path}", cancellationToken);
        return response.Content.Headers.ContentLength == 0
            ? []
            : await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? [];
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{call} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }
    }
}
