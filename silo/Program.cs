using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using Orleans.GameState.Silo;

// With the Orleans Dashboard on, the silo is a minimal web app serving only the dashboard; otherwise a plain host.
var dashboard = SiloDashboardOptions.FromStartup(args);
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

builder.UseOrleans(silo => hosting.Configure(silo));
builder.Services.AddSiloTelemetry(builder.Configuration);

IHost host;
if (web is not null)
{
    web.WebHost.UseUrls(dashboard.Url);
    var app = web.Build();
    app.MapOrleansDashboard();
    host = app;
}
else
{
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
