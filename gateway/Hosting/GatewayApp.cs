using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Orleans.GameState.Configuration;
using Orleans.GameState.Gateway.Auth;
using Orleans.GameState.Gateway.Health;
using Orleans.GameState.Gateway.Hubs;
using Orleans.GameState.Gateway.OpenApi;
using Orleans.GameState.Gateway.Relay;
using Orleans.GameState.Gateway.Rest;
using Orleans.GameState.Gateway.Telemetry;
using Orleans.GameState.Gateway.WebConsole;
using Orleans.GameState.Hosting;
using Orleans.GameState.Storage.Hosting;
using Scalar.AspNetCore;

namespace Orleans.GameState.Gateway.Hosting;

/// <summary>Builds the gateway: an Orleans client of the cluster serving the hub, the REST API and health endpoints.</summary>
public static class GatewayApp
{
    private const string ReadyTag = "ready";
    private const string CorsPolicy = "origins";

    /// <param name="args">Command line (configuration keys, <c>--urls</c>).</param>
    /// <param name="configure">Runs first on the builder: tests add configuration, the all-in-one host adds its silo.</param>
    /// <param name="cohosted">
    /// The app runs inside a silo (the all-in-one topology, <c>silo/AllInOneHost.cs</c>): <paramref name="configure"/>
    /// called <c>UseOrleans</c>, whose <c>IClusterClient</c> calls local activations without network or serialisation,
    /// so no Orleans client of its own is set up.
    /// </param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, bool cohosted = false)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        // ASP.NET Core logs every request at Information (routing, results, hosting): as the templates do, only its
        // warnings. Request logs carry the URL, and a WebSocket URL carries the access token; and a client refused
        // again and again (a flood's reconnects, 429) cost the gateway two log lines per refusal.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var limits = configuration.GetSection(LimitsOptions.SectionName).Get<LimitsOptions>() ?? new LimitsOptions();
        var relay = configuration.GetSection(RelayOptions.SectionName).Get<RelayOptions>() ?? new RelayOptions();
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.SectionName));
        services.AddValidatedOptions<LimitsOptions>(configuration.GetSection(LimitsOptions.SectionName));
        services.AddValidatedOptions<RelayOptions>(configuration.GetSection(RelayOptions.SectionName));
        services.AddValidatedOptions<HubCallOptions>(configuration.GetSection(HubCallOptions.SectionName));
        services.AddValidatedOptions<FloodOptions>(configuration.GetSection(FloodOptions.SectionName));
        services.AddSingleton(TimeProvider.System);

        // Open WebSockets never finish on their own: after this long on shutdown they are closed, and the
        // clients reconnect to another gateway (the host's default of 30 s only delays that).
        services.Configure<HostOptions>(host => host.ShutdownTimeout = configuration.GetValue("Gateway:ShutdownTimeout", TimeSpan.FromSeconds(5)));
        services.AddGameStateAuthentication(auth);
        services.AddSingleton(limits.ToIdRule());
        services.AddSingleton<DevTokenIssuer>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<ConnectionOutboxes>();
        services.AddSingleton<UpdateRateLimits>();
        services.AddSingleton<SessionRelays>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionRelays>());
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
            policy.WithOrigins(auth.AllowedOrigins).AllowAnyHeader().AllowAnyMethod().AllowCredentials()));
        services.AddOpenApi(openApi =>
        {
            openApi.AddOperationTransformer<RestRouteOperationTransformer>();
            openApi.AddDocumentTransformer<InfrastructureRoutesTransformer>();
        });
        services.AddSignalR(hub => hub.MaximumReceiveMessageSize = limits.MaxMessageBytes);
        services.RemoveAll<IHubProtocol>();
        services.AddSingleton<IHubProtocol, StrictJsonHubProtocol>();
        services.AddSingleton<HubLifetimeManager<GameHub>, GameHubLifetimeManager>();
        services.AddWebConsole(configuration);

        var connectionString = GameStateCluster.PostgresConnectionString(configuration);
        var health = services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("cluster", tags: [ReadyTag]);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddGameStateStorageProbe(connectionString);
            health.AddCheck<StorageReadinessCheck>("storage", tags: [ReadyTag]);
        }

        if (!cohosted)
        {
            builder.UseOrleansClient(client => client.AddGameStateClient(configuration));
        }

        services.AddGameStateMetrics(GatewayMetrics.MeterName, metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());

        var app = builder.Build();

        // Every error response carries {error: {code, message}} (docs/api.md section 5): an exception becomes a 503
        // TRANSACTION_FAILED, and an error status the framework set without a body (401 challenge, no route) gets one.
        app.UseMiddleware<ApiExceptionResponses>();
        app.UseStatusCodePages(EmptyErrorResponses.WriteAsync);
        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RouteIdRule>();
        app.UseMiddleware<HubCoolOffGate>();
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHub<GameHub>(AuthenticationSetup.HubPath, hub =>
        {
            hub.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling | HttpTransportType.ServerSentEvents;

            // A connection lives no longer than its token (docs/security.md): the client reconnects with a fresh one.
            hub.CloseOnAuthenticationExpiration = true;

            // The transport's share of what one connection may hold queued (Relay:ConnectionBufferBytes).
            hub.TransportMaxBufferSize = relay.TransportBufferBytes;
        });
        if (auth.DevTokens)
        {
            app.MapDevTokens();
        }

        app.MapCampaigns();
        app.MapSessions();
        app.MapAdministration();
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", docs => docs.WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapWebConsole();
        return app;
    }
}
