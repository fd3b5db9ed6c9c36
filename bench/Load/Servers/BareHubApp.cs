using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Load.Servers;

/// <summary>
/// The fan-out baseline: a minimal ASP.NET Core app whose hub does nothing but put connections in groups and
/// broadcast what a publisher sends to its group, under the same event name, over the same JSON protocol and
/// WebSockets. No auth, no grains, no storage: what SignalR itself costs on this machine.
/// </summary>
public sealed class BareHubApp : IAsyncDisposable
{
    public const string HubPath = "/hubs/bare";

    private readonly WebApplication _app;

    private BareHubApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Uri HubAddress => new(Address, HubPath);

    public static async Task<BareHubApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 1024 * 1024 + 64 * 1024);
        var app = builder.Build();
        app.MapHub<BareHub>(HubPath, hub => hub.Transports = HttpTransportType.WebSockets);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BareHubApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class BareHub : Hub
{
    public const string Updated = HubProtocol.Events.Updated;

    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    public Task Broadcast(string group, JsonElement payload) => Clients.Group(group).SendAsync(Updated, payload);
}
