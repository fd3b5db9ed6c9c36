using Orleans.GameState.Client.Internal;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client;

/// <summary>Revert (CONTRACT section 8): the GM brings the state back to an earlier version, through the update queue.</summary>
public sealed partial class GameSessionClient
{
    /// <summary>
    /// Queues a revert (<c>gameState:revert</c>): one new version whose state equals that of <paramref name="toVersion"/>.
    /// It waits its turn behind queued updates and is sent with the version current then, like an update, with the
    /// same outcomes: resent with its id until answered, the copy refreshed on VERSION_CONFLICT; VALIDATION_ERROR
    /// (toVersion not below the current version, or below the session's origin), HISTORY_UNAVAILABLE and
    /// PERMISSION_DENIED complete the task with the failed response. The copy takes the revert's broadcast (which
    /// carries <see cref="UpdateBroadcast.RevertedTo"/>) before the task completes.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not joined to a session.</exception>
    public Task<StateUpdateResponse> RevertAsync(long toVersion, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(toVersion);
        return Enqueue(new PendingUpdate(build: null, toVersion, cancellationToken));
    }
}
