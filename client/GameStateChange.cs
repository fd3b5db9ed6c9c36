using Orleans.GameState.Contract;

namespace Orleans.GameState.Client;

/// <summary>What happened to the local copy of the state.</summary>
public enum GameStateChangeKind
{
    /// <summary>The copy was loaded from the <see cref="Persistence.IStateStore"/> before connecting.</summary>
    Loaded,

    /// <summary>The whole copy was replaced by a state from the server (joining, or a full refresh).</summary>
    Replaced,

    /// <summary>One update was applied: <see cref="GameStateChange.Update"/> holds it, operations with <c>previous</c>.</summary>
    Updated,
}

/// <summary>
/// One change of the local copy. Raised in version order, once per version, on the client's sync loop
/// (handlers should be quick and must not block on the client's own tasks).
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="PreviousVersion">The version before the change (0 when there was no state).</param>
/// <param name="Version">The version after it.</param>
/// <param name="Update">For <see cref="GameStateChangeKind.Updated"/>: the update as applied.</param>
public sealed record GameStateChange(GameStateChangeKind Kind, long PreviousVersion, long Version, UpdateBroadcast? Update);
