using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.GameState.Load.Workloads;

/// <summary>The REST calls of CONTRACT section 3 the tool needs: dev tokens, campaigns, members, sessions, state.</summary>
public sealed class GatewayApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    public GatewayApi(Uri gateway)
    {
        Gateway = gateway;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri Gateway { get; }

    public async Task<string> TokenAsync(string userId)
    {
        if (_tokens.TryGetValue(userId, out var token))
        {
            return token;
        }

        using var response = await _http.PostAsJsonAsync("/api/dev/token", new { userId });
        await EnsureAsync(response, "POST /api/dev/token (is Auth:DevTokens on?)");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        token = body.GetProperty("token").GetString()!;
        _tokens[userId] = token;
        return token;
    }

    public async Task<string> CreateCampaignAsync(string gm, string name)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/campaigns", gm, new { name });
        await EnsureAsync(response, "POST /api/campaigns");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task AddMemberAsync(string gm, string campaignId, string userId)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/campaigns/{campaignId}/members", gm, new { userId });
        await EnsureAsync(response, "POST /api/campaigns/{id}/members");
    }

    public async Task<string> CreateSessionAsync(string gm, string campaignId)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/campaigns/{campaignId}/sessions", gm, null);
        await EnsureAsync(response, "POST /api/campaigns/{id}/sessions");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
    }

    /// <summary>The session's state as the server holds it now (GET /api/sessions/{id}/state), as JSON text.</summary>
    public async Task<string> StateAsync(string userId, string sessionId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/sessions/{sessionId}/state", userId, null);
        await EnsureAsync(response, "GET /api/sessions/{id}/state");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gameState").GetRawText();
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string userId, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userId));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await _http.SendAsync(request);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string call)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{call} answered {(int)response.StatusCode}: {text}");
        }
    }
}
