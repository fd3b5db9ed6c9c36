using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.UnitTests;

/// <summary>
/// A SignalR connection that records the frames written to it instead of sending them. While <see cref="Stalled"/>
/// its writes do not complete until <see cref="Release"/>, like a client that stopped reading.
/// </summary>
public sealed class FakeHubConnection(string connectionId)
    : HubConnectionContext(new DefaultConnectionContext(connectionId), new HubConnectionContextOptions(), NullLoggerFactory.Instance)
{
    private readonly object _gate = new();
    private readonly List<(string Target, string Payload)> _written = [];
    private TaskCompletionSource _release = NewRelease();

    public bool Stalled { get; set; }

    public bool Aborted { get; private set; }

    public IReadOnlyList<(string Target, string Payload)> Written
    {
        get { lock (_gate) { return [.. _written]; } }
    }

    public override async ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default)
    {
        var invocation = (InvocationMessage)message.Message!;
        var payload = Encoding.UTF8.GetString(((RawJson)invocation.Arguments[0]!).Utf8.Span);
        Task wait;
        lock (_gate)
        {
            wait = Stalled ? _release.Task : Task.CompletedTask;
        }

        await wait;
        lock (_gate)
        {
            _written.Add((invocation.Target, payload));
        }
    }

    /// <summary>Completes the writes waiting so far and lets later ones through at once.</summary>
    public void Release()
    {
        TaskCompletionSource release;
        lock (_gate)
        {
            Stalled = false;
            release = _release;
            _release = NewRelease();
        }

        release.TrySetResult();
    }

    public override void Abort() => Aborted = true;

    private static TaskCompletionSource NewRelease() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Polls (bounded, 5 s) until <paramref name="count"/> frames are written; for what must arrive, never for what must not.</summary>
    public async Task<IReadOnlyList<(string Target, string Payload)>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (Written.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        return Written;
    }
}
