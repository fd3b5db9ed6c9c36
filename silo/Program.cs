using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using Orleans.GameState.Silo;

// With the Orleans Dashboard on, the silo is a minimal web app serving only the dashboard; otherwise a plain host.
// All-in-one (Silo:AllInOne=true): the gateway app with this silo inside (AllInOneHost).
var startup = SiloDashboardOptions.StartupConfiguration(args);
var dashboard = SiloDashboardOptions.From(startup);
var allInOne = AllInOneHost.IsEnabled(startup) && args is not ["migrate", ..];
WebApplicationBuilder? web = null;
IHostApplicationBuilder builder = dashboard.Enabled
    ? web = WebApplication.CreateBuilder(args)
    : Host.CreateApplicationBuilder(args);
var hosting = new SiloHosting(builder.Configuration);

if (args is ["migrate", ..])
{
    using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole());
    return await hosting.MigrateAsync(loggers, CancellationToken.None) ? 0 : 1;
}

IHost host;
if (allInOne)
{
    (host, hosting) = AllInOneHost.Build(args);
}
else if (web is not null)
{
    web.UseOrleans(hosting.Configure);
    web.Services.AddSiloTelemetry(web.Configuration);
    web.WebHost.UseUrls(dashboard.Url);
    var app = web.Build();
    app.MapOrleansDashboard();
    host = app;
}
else
{
    builder.UseOrleans(hosting.Configure);
    builder.Services.AddSiloTelemetry(builder.Configuration);
    host = ((HostApplicationBuilder)builder).Build();
}

using (host)
{
    hosting.WarnWhenInMemory(host.Services.GetRequiredService<ILogger<SiloHosting>>());
    if (!await hosting.MigrateAsync(host.Services.GetRequiredService<ILoggerFactory>(), CancellationToken.None))
    {
        return 1;
    }

    // SIGTERM stops the host: the silo leaves the cluster gracefully and its grains move on their next call. The
    // host allows HostOptions.ShutdownTimeout for it (30 s; configuration key "shutdownTimeoutSeconds").
    await host.RunAsync();
}

return 0;
