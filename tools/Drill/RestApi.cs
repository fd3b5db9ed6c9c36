using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Drill;

/// <summary>The REST calls the drill needs (CONTRACT section 3), tried on each gateway in turn with bounded retries.</summary>
public sealed class RestApi(IReadOnlyList<string> gateways) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public async Task<string> TokenAsync(string userId, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, "/api/dev/token", null, new JsonObject { ["userId"] = userId }, ct);
        return body!["token"]!.GetValue<string>();
    }

    public async Task<string> CreateCampaignAsync(string token, string name, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, "/api/campaigns", token, new JsonObject { ["name"] = name }, ct);
        return body!["id"]!.GetValue<string>();
    }

    public Task AddMemberAsync(string token, string campaignId, string userId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/campaigns/{campaignId}/members", token, new JsonObject { ["userId"] = userId }, ct);

    public Task CreateEntityAsync(string token, string campaignId, string kind, JsonObject entity, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/campaigns/{campaignId}/{kind}", token, entity, ct);

    public async Task<string> CreateSessionAsync(string token, string campaignId, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, $"/api/campaigns/{campaignId}/sessions", token, null, ct);
        return body!["sessionId"]!.GetValue<string>();
    }

    public async Task<JsonArray> ListAsync(string token, string campaignId, string kind, bool includeDeleted, CancellationToken ct)
    {
        var query = includeDeleted ? "?includeDeleted=true" : "";
        var body = await SendAsync(HttpMethod.Get, $"/api/campaigns/{campaignId}/{kind}{query}", token, null, ct);
        return (JsonArray)body!;
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? token, JsonNode? body, CancellationToken ct)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var gateway = gateways[attempt % gateways.Count];
            try
            {
                using var request = new HttpRequestMessage(method, gateway.TrimEnd('/') + path);
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                if (body is not null)
                {
                    request.Content = JsonContent.Create(body);
                }

                using var response = await _http.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if ((int)response.StatusCode >= 500)
                {
                    throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {text}");
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
                }

                return text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = e;
                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Min(attempt + 1, 8)), ct);
            }
        }

        throw new InvalidOperationException($"{method} {path} failed on every gateway", last);
    }

    public void Dispose() => _http.Dispose();
}
