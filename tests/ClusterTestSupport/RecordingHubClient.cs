using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Orleans.GameState.Testing;

/// <summary>A real SignalR client that records every event it receives, for assertions.</summary>
public sealed class RecordingHubClient : IAsyncDisposable
{
    private RecordingHubClient(HubConnection connection, string userId)
    {
        Connection = connection;
        UserId = userId;
        connection.On<JsonElement>("gameState:updated", e => Updated.Enqueue(e));
        connection.On<JsonElement>("gameState:error", e => Errors.Enqueue(e));
        connection.On<JsonElement>("encounter:started", e => EncountersStarted.Enqueue(e));
        connection.On<JsonElement>("gameSession:presence", e => Presence.Enqueue(e));
    }

    public HubConnection Connection { get; }

    public string UserId { get; }

    public ConcurrentQueue<JsonElement> Updated { get; } = new();

    public ConcurrentQueue<JsonElement> Errors { get; } = new();

    public ConcurrentQueue<JsonElement> EncountersStarted { get; } = new();

    public ConcurrentQueue<JsonElement> Presence { get; } = new();

    /// <summary>The user ids of the last <c>gameSession:presence</c> event, sorted; null before the first.</summary>
    public IReadOnlyList<string>? LastPresenceUsers => Presence.LastOrDefault() is { ValueKind: JsonValueKind.Object } last
        ? [.. last.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("userId").GetString()!).Order(StringComparer.Ordinal)]
        : null;

    public IEnumerable<long> UpdatedVersions => Updated.Select(e => long.Parse(e.GetProperty("newVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

    public static async Task<RecordingHubClient> ConnectAsync(GatewayServer gateway, string userId) =>
        new(await gateway.ConnectAsync(userId), userId);

    /// <summary>A client of a gateway at <paramref name="address"/> (e.g. a <see cref="GatewayProcess"/>), with a token from <paramref name="tokens"/>.</summary>
    public static async Task<RecordingHubClient> ConnectAsync(Uri address, GatewayServer tokens, string userId)
    {
        var token = await tokens.TokenAsync(userId);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/game"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return new RecordingHubClient(connection, userId);
    }

    public Task<JsonElement> InvokeAsync(string method, params object?[] arguments) =>
        Connection.InvokeCoreAsync<JsonElement>(method, arguments);

    public async Task<JsonElement> JoinAsync(string sessionId) => await InvokeAsync("gameSession:join", sessionId);

    /// <summary>Polls (bounded) until the condition holds; returns whether it did.</summary>
    public async Task<bool> WaitUntilAsync(Func<RecordingHubClient, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
