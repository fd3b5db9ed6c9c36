using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Client.Internal;

/// <summary>
/// One entry of the GM queue: an update whose operations are built when it is sent, or a revert to a version.
/// Cancelling withdraws it only while it waits in the queue.
/// </summary>
internal sealed class PendingUpdate : IDisposable
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Withdrawn = 2;

    private readonly CancellationTokenRegistration _registration;
    private int _state;

    /// <param name="build">The operations, from the state at the version sent with (null for a revert).</param>
    /// <param name="toVersion">The version a revert brings the state back to (null for an update).</param>
    /// <param name="cancellationToken">Withdraws it while it is still queued.</param>
    public PendingUpdate(Func<GameStateDocument, IReadOnlyList<StateOperation>>? build, long? toVersion, CancellationToken cancellationToken)
    {
        Build = build;
        ToVersion = toVersion;
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(() =>
            {
                if (Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued)
                {
                    Completion.TrySetCanceled(cancellationToken);
                }
            });
        }
    }

    public Func<GameStateDocument, IReadOnlyList<StateOperation>>? Build { get; }

    public long? ToVersion { get; }

    public TaskCompletionSource<StateUpdateResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

    public void Dispose() => _registration.Dispose();
}
