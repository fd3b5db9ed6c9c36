using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Hosting;

namespace Orleans.GameState.Testing;

/// <summary>The real gateway on Kestrel, on a free loopback port, joined to a test cluster.</summary>
public sealed class GatewayServer : IAsyncDisposable
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256!";

    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GatewayServer> StartAsync(
        GameStateCluster cluster, IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            var values = new Dictionary<string, string?>(cluster.GatewaySettings)
            {
                ["Auth:SigningKey"] = SigningKey,
                ["Auth:DevTokens"] = "true",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(values);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new GatewayServer(app, new Uri(address));
    }

    public async Task<string> TokenAsync(string userId)
    {
        using var response = await Http.PostAsJsonAsync("/api/dev/token", new { userId });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.Token;
    }

    public async Task<HttpClient> HttpAsAsync(string userId)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userId));
        return client;
    }

    public async Task<HubConnection> ConnectAsync(string userId, bool start = true)
    {
        var token = await TokenAsync(userId);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Address, HubProtocol.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        if (start)
        {
            await connection.StartAsync();
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record TokenBody(string Token);
}
