using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Client.Persistence;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client;

/// <summary>Tuning of a <see cref="GameSessionClient"/>; the defaults suit an interactive client.</summary>
public sealed class GameSessionClientOptions
{
    /// <summary>The hub's path on the gateway (docs/api.md section 5).</summary>
    public string HubPath { get; set; } = HubProtocol.Path;

    /// <summary>Where the last state and version are kept between runs; null (the default) keeps nothing.</summary>
    public IStateStore? StateStore { get; set; }

    /// <summary>How long after a change the state is written to <see cref="StateStore"/> (changes in between are coalesced).</summary>
    public TimeSpan SaveDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long to wait for the answer to one <c>gameState:update</c> before resending the same update id.
    /// Resends go on until an answer arrives (the server's idempotency makes them safe).
    /// </summary>
    public TimeSpan UpdateTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the answer to a join, requestSince or requestFull before retrying.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The gateway's largest hub message (its <c>Limits:MaxMessageBytes</c>; the contract's default is 1 MiB). An update
    /// that would not fit fails with VALIDATION_ERROR without being sent: the gateway would close the connection on it.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Resends of an update answered TRANSACTION_FAILED or RATE_LIMITED before it is reported as failed.</summary>
    public int MaxTransientRetries { get; set; } = 5;

    /// <summary>The first backoff delay of those resends; it doubles each time (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest backoff delay between resends and between rejoin attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Delays between reconnection attempts; the last one repeats forever (the client never gives up).
    /// Each gets ±20% jitter.
    /// </summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; set; } =
        [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    /// <summary>
    /// How long the gateway refuses the hub to a user whose connection it closed for flooding updates (its
    /// <c>Flood:CoolOff</c>, 30 s by default; docs/security.md). The close message does not state it, so after such a
    /// close the client waits this long (plus up to 20%) before reconnecting. Set it to the gateway's value.
    /// </summary>
    public TimeSpan FloodCoolOff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>SignalR transports to allow; null lets SignalR choose (WebSockets first).</summary>
    public HttpTransportType? Transports { get; set; }

    /// <summary>Further settings of the underlying HTTP connection (headers, proxy, message handler...).</summary>
    public Action<HttpConnectionOptions>? ConfigureConnection { get; set; }

    /// <summary>
    /// Further settings of the SignalR hub connection before it is built (services such as a hub protocol, logging
    /// filters). The client registers its JSON protocol (with the contract's options) first.
    /// </summary>
    public Action<IHubConnectionBuilder>? ConfigureHubConnection { get; set; }

    /// <summary>Where the client (and SignalR) log; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
