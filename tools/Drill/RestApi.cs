using System.Text.Json.Nodes;
using Orleans.GameState.Client.Rest;

namespace Orleans.GameState.Drill;

/// <summary>
/// The REST calls the drill needs, through the SDK's <see cref="GameStateRestClient"/>, tried on each gateway in turn
/// with bounded retries: a gateway the drill just killed answers nothing, and a refused call (4xx) is not retried.
/// </summary>
public sealed class RestApi(IReadOnlyList<string> gateways) : IDisposable
{
    private readonly HttpClient[] _http = [.. gateways.Select(g => new HttpClient { BaseAddress = new Uri(g), Timeout = TimeSpan.FromSeconds(15) })];

    public Task<string> TokenAsync(string userId, CancellationToken ct) =>
        OnAnyGatewayAsync(null, (api, token) => api.CreateDevTokenAsync(userId, token), ct);

    public async Task<string> CreateCampaignAsync(string token, string name, CancellationToken ct) =>
        (await OnAnyGatewayAsync(token, (api, t) => api.CreateCampaignAsync(name, t), ct)).Id;

    public Task AddMemberAsync(string token, string campaignId, string userId, CancellationToken ct) =>
        OnAnyGatewayAsync(token, async (api, t) => { await api.AddMemberAsync(campaignId, userId, t); return true; }, ct);

    public Task CreateEntityAsync(string token, string campaignId, string kind, JsonObject entity, CancellationToken ct) =>
        OnAnyGatewayAsync(token, (api, t) => api.CreateEntityAsync(campaignId, kind, entity.DeepClone().AsObject(), t), ct);

    public async Task<string> CreateSessionAsync(string token, string campaignId, CancellationToken ct) =>
        (await OnAnyGatewayAsync(token, (api, t) => api.CreateSessionAsync(campaignId, t), ct)).SessionId;

    public async Task<JsonArray> ListAsync(string token, string campaignId, string kind, bool includeDeleted, CancellationToken ct) =>
        [.. await OnAnyGatewayAsync(token, (api, t) => api.ListEntitiesAsync(campaignId, kind, includeDeleted, t), ct)];

    public void Dispose()
    {
        foreach (var http in _http)
        {
            http.Dispose();
        }
    }

    private async Task<T> OnAnyGatewayAsync<T>(string? token, Func<GameStateRestClient, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var api = new GameStateRestClient(_http[attempt % _http.Length], token is null ? null : _ => Task.FromResult(token));
            try
            {
                return await call(api, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested
                && e is HttpRequestException or TaskCanceledException or GameStateApiException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError })
            {
                last = e;
                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Min(attempt + 1, 8)), ct);
            }
        }

        throw new InvalidOperationException("The call failed on every gateway.", last);
    }
}
