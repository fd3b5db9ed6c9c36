using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Rest;

/// <summary>
/// The gateway's REST API as one user: campaigns, members, backing models, sessions, state (now, as a player sees
/// it, or at a version), updates since a version, and dev tokens. Every refusal is a <see cref="GameStateApiException"/>
/// with the contract's error code. Entities are JSON objects whose only fixed field is a string <c>id</c>.
/// </summary>
public sealed class GameStateRestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Func<CancellationToken, Task<string>>? _accessToken;

    /// <summary>A client with its own <see cref="HttpClient"/> for the gateway at <paramref name="gateway"/>.</summary>
    /// <param name="gateway">The gateway's base address, e.g. http://127.0.0.1:5080.</param>
    /// <param name="accessToken">The caller's bearer token, asked for each call; null for anonymous calls (dev tokens only).</param>
    public GameStateRestClient(Uri gateway, Func<CancellationToken, Task<string>>? accessToken = null)
        : this(new HttpClient { BaseAddress = gateway }, accessToken)
    {
        _ownsHttp = true;
    }

    /// <summary>A client on a shared <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the gateway (not disposed with this one).</summary>
    public GameStateRestClient(HttpClient http, Func<CancellationToken, Task<string>>? accessToken = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _accessToken = accessToken;
    }

    /// <summary>A client that always sends <paramref name="token"/>.</summary>
    public static GameStateRestClient WithToken(Uri gateway, string token) => new(gateway, _ => Task.FromResult(token));

    /// <summary><c>POST /api/dev/token</c>: a token for that user (only when the gateway has <c>Auth:DevTokens</c> on).</summary>
    public async Task<string> CreateDevTokenAsync(string userId, CancellationToken cancellationToken = default) =>
        (await SendAsync<DevTokenBody>(HttpMethod.Post, "/api/dev/token", new { userId }, cancellationToken)).Token;

    /// <summary><c>POST /api/campaigns</c>: the caller becomes the GM.</summary>
    public Task<CreatedCampaign> CreateCampaignAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<CreatedCampaign>(HttpMethod.Post, "/api/campaigns", new { name }, cancellationToken);

    /// <summary><c>GET /api/campaigns</c>: the campaigns where the caller is GM or player.</summary>
    public Task<IReadOnlyList<CampaignSummary>> ListCampaignsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<CampaignSummary>>(HttpMethod.Get, "/api/campaigns", null, cancellationToken);

    /// <summary><c>GET /api/campaigns/{campaignId}</c>: members and sessions.</summary>
    public Task<CampaignDetails> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default) =>
        SendAsync<CampaignDetails>(HttpMethod.Get, $"/api/campaigns/{Segment(campaignId)}", null, cancellationToken);

    /// <summary><c>POST /api/campaigns/{campaignId}/members</c> (GM): adds a player.</summary>
    public Task AddMemberAsync(string campaignId, string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/api/campaigns/{Segment(campaignId)}/members", new { userId }, cancellationToken);

    /// <summary><c>DELETE /api/campaigns/{campaignId}/members/{userId}</c> (GM): the player's connections leave at once.</summary>
    public Task RemoveMemberAsync(string campaignId, string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"/api/campaigns/{Segment(campaignId)}/members/{Segment(userId)}", null, cancellationToken);

    /// <summary>
    /// <c>POST /api/campaigns/{campaignId}/{kind}</c> (GM): creates a backing model; the server assigns an id when it has
    /// none. <c>kind</c> is one of <see cref="EntityKinds"/>: characters, actors, items, encounters, maps.
    /// </summary>
    public Task<JsonObject> CreateEntityAsync(string campaignId, string kind, JsonObject entity, CancellationToken cancellationToken = default) =>
        SendAsync<JsonObject>(HttpMethod.Post, $"/api/campaigns/{Segment(campaignId)}/{Segment(kind)}", entity, cancellationToken);

    /// <summary><c>PUT /api/campaigns/{campaignId}/{kind}/{id}</c> (GM): replaces it; live sessions holding it get a <c>system</c> update.</summary>
    public Task<JsonObject> ReplaceEntityAsync(string campaignId, string kind, string id, JsonObject entity, CancellationToken cancellationToken = default) =>
        SendAsync<JsonObject>(HttpMethod.Put, EntityPath(campaignId, kind, id), entity, cancellationToken);

    /// <summary><c>GET /api/campaigns/{campaignId}/{kind}/{id}</c>: the backing model as stored now (a deleted one carries <c>"deleted": true</c>).</summary>
    public Task<JsonObject> GetEntityAsync(string campaignId, string kind, string id, CancellationToken cancellationToken = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, EntityPath(campaignId, kind, id), null, cancellationToken);

    /// <summary><c>GET /api/campaigns/{campaignId}/{kind}</c>: all of that kind, deleted ones only when asked.</summary>
    public Task<IReadOnlyList<JsonObject>> ListEntitiesAsync(string campaignId, string kind, bool includeDeleted = false, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<JsonObject>>(
            HttpMethod.Get, $"/api/campaigns/{Segment(campaignId)}/{Segment(kind)}{(includeDeleted ? "?includeDeleted=true" : "")}", null, cancellationToken);

    /// <summary><c>DELETE /api/campaigns/{campaignId}/{kind}/{id}</c> (GM): marks it deleted and removes it from live sessions.</summary>
    public Task DeleteEntityAsync(string campaignId, string kind, string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, EntityPath(campaignId, kind, id), null, cancellationToken);

    /// <summary><c>POST /api/campaigns/{campaignId}/sessions</c> (GM): a new session hydrated from the campaign, at version 1.</summary>
    public Task<CreatedSession> CreateSessionAsync(string campaignId, CancellationToken cancellationToken = default) =>
        SendAsync<CreatedSession>(HttpMethod.Post, $"/api/campaigns/{Segment(campaignId)}/sessions", null, cancellationToken);

    /// <summary><c>POST /api/sessions/{sessionId}/end</c> (GM): later updates are refused with <c>SESSION_ENDED</c>; idempotent.</summary>
    public Task<EndedSession> EndSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync<EndedSession>(HttpMethod.Post, $"/api/sessions/{Segment(sessionId)}/end", null, cancellationToken);

    /// <summary>
    /// <c>GET /api/sessions/{sessionId}/state</c>: the caller's view of the state now; with <paramref name="asUserId"/>
    /// (GM only) that member's view (<c>?as=</c>); with <paramref name="atVersion"/> the state of that retained version
    /// (<c>?at=</c>; 410 <c>HISTORY_UNAVAILABLE</c> before the retained history). The server takes one of the two.
    /// </summary>
    /// <exception cref="ArgumentException">Both <paramref name="asUserId"/> and <paramref name="atVersion"/> given.</exception>
    public async Task<JsonObject> GetStateAsync(string sessionId, string? asUserId = null, long? atVersion = null, CancellationToken cancellationToken = default)
    {
        if (asUserId is not null && atVersion is not null)
        {
            throw new ArgumentException("Ask for a member's view (as) or a version (at), not both.", nameof(atVersion));
        }

        var query = new List<string>();
        if (asUserId is not null)
        {
            query.Add($"as={Uri.EscapeDataString(asUserId)}");
        }

        if (atVersion is { } at)
        {
            query.Add($"at={at.ToString(CultureInfo.InvariantCulture)}");
        }

        var path = $"/api/sessions/{Segment(sessionId)}/state{(query.Count == 0 ? "" : "?" + string.Join('&', query))}";
        var body = await SendAsync<GameStateBody>(HttpMethod.Get, path, null, cancellationToken);
        return JsonNode.Parse(body.GameState.GetRawText())!.AsObject();
    }

    /// <summary><c>GET /api/sessions/{sessionId}/updates?since=V</c>: every broadcast after version <paramref name="since"/>, in order.</summary>
    public async Task<IReadOnlyList<UpdateBroadcast>> GetUpdatesSinceAsync(string sessionId, long since, CancellationToken cancellationToken = default) =>
        (await SendAsync<UpdatesBody>(
            HttpMethod.Get, $"/api/sessions/{Segment(sessionId)}/updates?since={since.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken)).Updates;

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static string EntityPath(string campaignId, string kind, string id) => $"/api/campaigns/{Segment(campaignId)}/{Segment(kind)}/{Segment(id)}";

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, body, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ContractJson.Options, cancellationToken)
            ?? throw new GameStateApiException(response.StatusCode, null, "the answer had no body", $"{method} {path}");
    }

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, path, body, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (_accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _accessToken(cancellationToken));
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ContractJson.Options);
        }

        var response = await _http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await RefusalAsync(response, $"{method} {path}", cancellationToken);
        }
    }

    private static async Task<GameStateApiException> RefusalAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        ErrorInfo? error = null;
        try
        {
            error = text.Length == 0 ? null : JsonSerializer.Deserialize<ErrorBody>(text, ContractJson.Options)?.Error;
        }
        catch (JsonException)
        {
            // Not the contract's error body (a proxy's page, say): the raw text is the message.
        }

        var message = error?.Message ?? (text.Length > 0 ? text : response.ReasonPhrase ?? response.StatusCode.ToString());
        return new GameStateApiException(response.StatusCode, error?.Code ?? StatusErrorCodes.Of(response.StatusCode), message, call);
    }
}
