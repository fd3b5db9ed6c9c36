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
    /// True for Orleans' own failures (unreachable or dead silos, rejected or timed-out messages, inconsistent storage:
    /// all <see cref="OrleansException"/>s), timeouts, database and network errors, and cancellation (a call cut short
    /// by shutdown). An <see cref="ArgumentException"/> from <c>GetGrain</c>, a <see cref="NullReferenceException"/>, a
    /// <see cref="System.Text.Json.JsonException"/> and the like are not: input should have been refused before them.
    /// </summary>
    public static bool IsInfrastructure(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsInfrastructure),
        OrleansException or TimeoutException or DbException or SocketException or IOException or OperationCanceledException => true,
        _ => false,
    };
}
