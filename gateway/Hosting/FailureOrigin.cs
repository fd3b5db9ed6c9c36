using System.Data.Common;
using System.Net.Sockets;

namespace Orleans.GameState.Gateway.Hosting;

/// <summary>
/// Where an exception that escaped a call came from. Only the cluster or its storage failing may be answered
/// <c>TRANSACTION_FAILED</c> / 503 (docs/security.md), which tells the client to try again; anything else is a bug
/// in the server, and is answered <c>INTERNAL_ERROR</c> / 500 so that a request that can never succeed is not retried
/// forever, and so that tests and logs tell the two apart.
/// </summary>
public static class FailureOrigin
{
    /// <summary>
    /// True for Orleans' own failures (unreachable or dead silos, rejected or timed-out messages, inconsistent storage,
    /// an exception from a silo that could not be serialised back, such as a <c>PostgresException</c>: every exception
    /// type of Orleans' namespaces), timeouts, database and network errors, cancellation (a call cut short by
    /// shutdown), and any exception caused by one of these. An <see cref="ArgumentException"/> from <c>GetGrain</c>, a
    /// <see cref="NullReferenceException"/>, a <see cref="System.Text.Json.JsonException"/> and the like are not:
    /// input should have been refused before them.
    /// </summary>
    public static bool IsInfrastructure(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsInfrastructure),
        TimeoutException or DbException or SocketException or IOException or OperationCanceledException => true,
        _ when IsOrleansOwn(exception.GetType()) => true,
        _ => exception.InnerException is { } inner && IsInfrastructure(inner),
    };

    /// <summary>Orleans' runtime, messaging, serialization and storage exceptions (not this project's types, which share the prefix).</summary>
    private static bool IsOrleansOwn(Type type) =>
        type.Namespace is { } ns
        && (ns == "Orleans" || ns.StartsWith("Orleans.", StringComparison.Ordinal))
        && !ns.StartsWith("Orleans.GameState", StringComparison.Ordinal);
}
