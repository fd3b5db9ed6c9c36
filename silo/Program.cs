using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Silo;

var builder = Host.CreateApplicationBuilder(args);
var hosting = new SiloHosting(builder.Configuration);

if (args is ["migrate", ..])
{
    using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole());
    return await hosting.MigrateAsync(loggers, CancellationToken.None) ? 0 : 1;
}

builder.UseOrleans(silo => hosting.Configure(silo));
builder.Services.AddSiloTelemetry(builder.Configuration);
using var host = builder.Build();
hosting.WarnWhenInMemory(host.Services.GetRequiredService<ILogger<SiloHosting>>());
if (!await hosting.MigrateAsync(host.Services.GetRequiredService<ILoggerFactory>(), CancellationToken.None))
{
    return 1;
}

await host.RunAsync();
return 0;
