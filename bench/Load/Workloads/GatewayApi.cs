using System.Collections.Concurrent;
using Orleans.GameState.Client.Rest;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// The REST calls the tool makes as its many users, through the SDK's <see cref="GameStateRestClient"/>: one client
/// per user on one shared connection pool, with that user's dev token minted once.
/// </summary>
public sealed class GatewayApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly GameStateRestClient _anonymous;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new();
    private readonly ConcurrentDictionary<string, GameStateRestClient> _users = new();

    public GatewayApi(Uri gateway)
    {
        Gateway = gateway;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _anonymous = new GameStateRestClient(_http);
    }

    public Uri Gateway { get; }

    /// <summary>The user's dev token (POST /api/dev/token; the gateway needs Auth:DevTokens on), minted once.</summary>
    public Task<string> TokenAsync(string userId) =>
        _tokens.GetOrAdd(userId, id => new Lazy<Task<string>>(() => _anonymous.CreateDevTokenAsync(id))).Value;

    public async Task<string> CreateCampaignAsync(string gm, string name) => (await As(gm).CreateCampaignAsync(name)).Id;

    public Task AddMemberAsync(string gm, string campaignId, string userId) => As(gm).AddMemberAsync(campaignId, userId);

    public async Task<string> CreateSessionAsync(string gm, string campaignId) => (await As(gm).CreateSessionAsync(campaignId)).SessionId;

    /// <summary>The session's state as the server holds it now (GET /api/sessions/{id}/state), as JSON text.</summary>
    public async Task<string> StateAsync(string userId, string sessionId) => (await As(userId).GetStateAsync(sessionId)).ToJsonString();

    /// <summary>The gateway's Prometheus scrape (GET /metrics, anonymous).</summary>
    public Task<string> MetricsTextAsync(CancellationToken cancellationToken) => _http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);

    public void Dispose() => _http.Dispose();

    private GameStateRestClient As(string userId) => _users.GetOrAdd(userId, id => new GameStateRestClient(_http, _ => TokenAsync(id)));
}
