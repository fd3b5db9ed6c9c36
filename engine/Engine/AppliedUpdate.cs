using Orleans.GameState.Contract;

namespace Orleans.GameState.Engine;

/// <summary>An update that <see cref="GameStateDocument.Apply"/> accepted.</summary>
public sealed class AppliedUpdate
{
    internal AppliedUpdate(
        IReadOnlyList<StateOperation> operations,
        long previousVersion,
        long newVersion,
        IReadOnlyCollection<EntityRef> touchedEntities,
        UndoLog undoLog,
        long previousLastUpdated,
        long previousSizeBytes)
    {
        Operations = operations;
        PreviousVersion = previousVersion;
        NewVersion = newVersion;
        TouchedEntities = touchedEntities;
        UndoLog = undoLog;
        PreviousLastUpdated = previousLastUpdated;
        PreviousSizeBytes = previousSizeBytes;
    }

    /// <summary>
    /// The operations as applied, with <see cref="StateOperation.Previous"/> filled in by the engine (CONTRACT section 6):
    /// for set, unset and inc the value before (absent when there was none); for pull <c>[{index, value}]</c>;
    /// none for push. Whatever the client sent as previous is dropped, and so is a value sent with unset.
    /// </summary>
    public IReadOnlyList<StateOperation> Operations { get; }

    public long PreviousVersion { get; }

    public long NewVersion { get; }

    /// <summary>
    /// The backing models whose stored form may differ after this update: entities of characters, actors and items
    /// that changed, appeared or disappeared, and the encounter (tokens live on it) and map of currentEncounter,
    /// old and new. Ids that only existed in the middle of the update are left out.
    /// </summary>
    public IReadOnlyCollection<EntityRef> TouchedEntities { get; }

    /// <summary>What <see cref="GameStateDocument.Undo"/> replays backwards; released once a newer update is applied.</summary>
    internal UndoLog? UndoLog { get; set; }

    internal long PreviousLastUpdated { get; }

    internal long PreviousSizeBytes { get; }

    internal long PreviousGmOnlyKeys { get; init; }
}
