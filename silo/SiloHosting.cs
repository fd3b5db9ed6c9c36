using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using Orleans.GameState.Grains.Hosting;
using Orleans.GameState.Storage.Schema;

namespace Orleans.GameState.Silo;

/// <summary>
/// How a silo process is put together from configuration: ADO.NET clustering on PostgreSQL when
/// <c>ConnectionStrings:Postgres</c> is set, otherwise localhost clustering with in-memory storage.
/// </summary>
public sealed partial class SiloHosting(IConfiguration configuration)
{
    private readonly string? _connectionString = configuration.GetConnectionString(GameStateSiloBuilderExtensions.PostgresConnectionName);
    private readonly SiloEndpointOptions _endpoints = configuration.GetSection(SiloEndpointOptions.SectionName).Get<SiloEndpointOptions>() ?? new();

    private readonly SiloDashboardOptions _dashboard = SiloDashboardOptions.From(configuration);

    private bool InMemory => string.IsNullOrWhiteSpace(_connectionString);

    /// <summary><c>Kubernetes:Enabled</c>: pod name, IP and cluster ids from the pod (Microsoft.Orleans.Hosting.Kubernetes).</summary>
    private bool OnKubernetes => configuration.GetValue<bool>("Kubernetes:Enabled");

    public void Configure(ISiloBuilder silo)
    {
        if (InMemory)
        {
            silo.UseLocalhostClustering(_endpoints.SiloPort, _endpoints.GatewayPort);
            silo.AddMemoryGrainStorageAsDefault();
        }
        else
        {
            silo.ConfigureEndpoints(IPAddress.Parse(_endpoints.AdvertisedAddress), _endpoints.SiloPort, _endpoints.GatewayPort);
        }

        if (OnKubernetes)
        {
            // Silo name, advertised IP and listening on all interfaces from the pod's environment (POD_NAME, POD_IP,
            // POD_NAMESPACE, ORLEANS_CLUSTER_ID, ORLEANS_SERVICE_ID), and silos whose pods are gone are declared dead
            // at once instead of after missed probes. Membership itself stays in PostgreSQL.
            silo.UseKubernetesHosting();
        }

        if (_dashboard.Enabled)
        {
            // Every silo collects the dashboard's statistics; the UI is served by Program on Dashboard:Port.
            silo.AddDashboard(options => configuration.GetSection(SiloDashboardOptions.SectionName).Bind(options));
        }

        // Cluster ids, membership in PostgreSQL, messaging, failure detection and the grains: as every silo has them.
        silo.AddGameStateSilo(configuration);
    }

    public void WarnWhenInMemory(ILogger logger)
    {
        if (InMemory)
        {
            LogInMemory(logger);
        }
    }

    /// <summary>Applies the schema (idempotent, serialised across silos by an advisory lock). True when ready.</summary>
    public async Task<bool> MigrateAsync(ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (InMemory)
        {
            return true;
        }

        try
        {
            await new SchemaMigrator(loggers.CreateLogger<SchemaMigrator>()).ApplyAsync(_connectionString!, cancellationToken);
            return true;
        }
        catch (Exception e)
        {
            LogMigrationFailed(loggers.CreateLogger<SiloHosting>(), e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "!!! ConnectionStrings:Postgres is not set: localhost clustering and IN-MEMORY storage. Nothing survives this process. For tests and demos only. !!!")]
    private static partial void LogInMemory(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Schema migration failed; the silo does not start")]
    private static partial void LogMigrationFailed(ILogger logger, Exception exception);
}

/// <summary>
/// The Orleans Dashboard (configuration section <c>Dashboard</c>): off unless <c>Enabled</c>. When on, the silo
/// becomes a minimal ASP.NET Core app that serves only the dashboard on <c>Host:Port</c> (127.0.0.1:8080 by default:
/// the dashboard has no authentication of its own, so it is reached through a tunnel or port-forward, never
/// exposed). Other keys of the section (<c>CounterUpdateIntervalMs</c>, <c>HistoryLength</c>, <c>HideTrace</c>) go
/// to the dashboard's own options.
/// </summary>
public sealed class SiloDashboardOptions
{
    public const string SectionName = "Dashboard";

    public bool Enabled { get; set; }

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8080;

    public string Url => $"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";

    public static SiloDashboardOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<SiloDashboardOptions>() ?? new SiloDashboardOptions();

    /// <summary>
    /// Read before the host is built (it decides which kind of host to build), from the same sources the host
    /// reads: appsettings.json, appsettings.{environment}.json, environment variables, command line.
    /// </summary>
    public static SiloDashboardOptions FromStartup(string[] args) => From(StartupConfiguration(args));

    /// <summary>The configuration the host will read, read before it is built (see <see cref="FromStartup"/>).</summary>
    public static IConfiguration StartupConfiguration(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
    }
}
