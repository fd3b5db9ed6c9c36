using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.GameState.Gateway.Hosting;

namespace Orleans.GameState.Silo;

/// <summary>
/// The all-in-one topology (<c>Silo:AllInOne=true</c>): the gateway's hub, REST and health endpoints served by the
/// silo process itself. It is the gateway app (<see cref="GatewayApp"/>) with this silo (<see cref="SiloHosting"/>)
/// added, so its <c>IClusterClient</c> is the silo's own: a call to an activation on this silo, and the session's
/// observer callback, skip the network and the serialisation. The split topology (separate gateways) stays for
/// scaling the connection tier out.
/// </summary>
public static class AllInOneHost
{
    public const string EnabledKey = "Silo:AllInOne";

    /// <summary>The silo's graceful leave (grains deactivated, sessions flushed) needs more than the gateway's 5 s.</summary>
    private static readonly TimeSpan MinimumShutdownTimeout = TimeSpan.FromSeconds(30);

    public static bool IsEnabled(IConfiguration startup) => startup.GetValue<bool>(EnabledKey);

    public static (WebApplication App, SiloHosting Hosting) Build(string[] args)
    {
        SiloHosting? hosting = null;
        var app = GatewayApp.Build(args, web =>
        {
            hosting = new SiloHosting(web.Configuration);
            web.UseOrleans(hosting.Configure);
            web.Services.AddSiloTelemetry(web.Configuration);
            web.Services.PostConfigure<HostOptions>(host =>
                host.ShutdownTimeout = host.ShutdownTimeout < MinimumShutdownTimeout ? MinimumShutdownTimeout : host.ShutdownTimeout);
        }, cohosted: true);
        return (app, hosting!);
    }
}
