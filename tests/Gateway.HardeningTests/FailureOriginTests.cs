using System.Net.Sockets;
using Npgsql;
using Orleans.GameState.Gateway.Hosting;
using Orleans.Runtime;

namespace Orleans.GameState.Gateway.HardeningTests;

/// <summary>Which exceptions may be answered as a storage or cluster failure (TRANSACTION_FAILED / 503): only those.</summary>
public sealed class FailureOriginTests
{
    public static TheoryData<Exception> Infrastructure => new()
    {
        new SiloUnavailableException(),
        new OrleansException("cluster"),
        new TimeoutException(),
        new NpgsqlException("down"),
        new SocketException(),
        new TaskCanceledException(),
        new AggregateException(new TimeoutException(), new NpgsqlException("down")),
        new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type Npgsql.PostgresException."),
        new InvalidOperationException("pool", new NpgsqlException("down")),
    };

    public static TheoryData<Exception> Bugs => new()
    {
        new ArgumentException("The string is composed entirely of whitespace", "primaryKey"),
        new NullReferenceException(),
        new InvalidOperationException("Cannot transcode invalid UTF-8 JSON text"),
        new System.Text.Json.JsonException(),
        new FormatException(),
        new AggregateException(new TimeoutException(), new ArgumentException("x")),
    };

    [Theory]
    [MemberData(nameof(Infrastructure))]
    public void Cluster_storage_and_network_failures_are_infrastructure(Exception exception) =>
        Assert.True(FailureOrigin.IsInfrastructure(exception));

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Anything_else_is_a_bug(Exception exception) =>
        Assert.False(FailureOrigin.IsInfrastructure(exception));
}
