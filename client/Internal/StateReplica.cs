using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Client.Internal;

/// <summary>What to do with a broadcast, given the version of the local copy.</summary>
internal enum BroadcastDisposition
{
    /// <summary>Already applied (newVersion ≤ current): the GM's own confirmed update, or a catch-up overlap.</summary>
    Ignore,

    /// <summary>The next version (newVersion = current + 1).</summary>
    Apply,

    /// <summary>Versions are missing in between: catch up first.</summary>
    Gap,
}

/// <summary>What confirming the GM's own accepted update did to the local copy.</summary>
internal enum ConfirmOutcome
{
    /// <summary>The copy already had that version (its broadcast or a resync came first).</summary>
    AlreadyApplied,

    /// <summary>The copy was at the version the update was sent with: the sent operations were applied.</summary>
    Applied,

    /// <summary>The copy is behind the update's base version: catch up from the server.</summary>
    NeedsCatchUp,
}

/// <summary>The local copy diverged from the server: an update the server accepted does not apply here.</summary>
internal sealed class ReplicaDivergedException(string message) : Exception(message);

/// <summary>
/// The local copy of one session's state and the version rules that keep it equal to the server's: each version
/// applied exactly once, in order. No I/O: the client decides when to call the server.
/// Thread-safe: readers may call <see cref="Read{T}"/> while the sync loop applies changes.
/// </summary>
internal sealed class StateReplica
{
    /// <summary>The server is the authority on limits (which are configurable there): the copy enforces none.</summary>
    public static readonly StateLimits ClientLimits = new(int.MaxValue, int.MaxValue, long.MaxValue);

    private readonly object _lock = new();
    private GameStateDocument? _document;

    public bool HasState
    {
        get { lock (_lock) { return _document is not null; } }
    }

    /// <summary>The version of the copy; 0 when there is none.</summary>
    public long Version
    {
        get { lock (_lock) { return _document?.Version ?? 0; } }
    }

    public static BroadcastDisposition Classify(long current, long newVersion) =>
        newVersion <= current ? BroadcastDisposition.Ignore
        : newVersion == current + 1 ? BroadcastDisposition.Apply
        : BroadcastDisposition.Gap;

    public static long ParseVersion(string? text, string what) =>
        StateUpdateValidator.TryParseVersion(text, out var version)
            ? version
            : throw new FormatException($"{what}: '{text}' is not a version.");

    public static GameStateDocument ParseState(ReadOnlySpan<byte> utf8Json) => GameStateDocument.Parse(utf8Json, ClientLimits);

    /// <summary>Runs <paramref name="read"/> on the copy under its lock; nodes must not escape (clone them).</summary>
    /// <exception cref="InvalidOperationException">There is no state yet.</exception>
    public T Read<T>(Func<GameStateDocument, T> read)
    {
        lock (_lock)
        {
            return read(_document ?? throw new InvalidOperationException("There is no state yet: join a session first."));
        }
    }

    public BroadcastDisposition Classify(UpdateBroadcast broadcast) =>
        Classify(Version, ParseVersion(broadcast.NewVersion, "newVersion"));

    /// <summary>Applies the broadcast when it is the next version; null when it is not (ignored or a gap).</summary>
    /// <exception cref="ReplicaDivergedException">The copy rejects an update the server applied.</exception>
    public GameStateChange? TryApply(UpdateBroadcast broadcast)
    {
        var newVersion = ParseVersion(broadcast.NewVersion, "newVersion");
        lock (_lock)
        {
            if (_document is not { } document || Classify(document.Version, newVersion) != BroadcastDisposition.Apply)
            {
                return null;
            }

            var from = document.Version;
            // An empty list is still a version: a revert with nothing to undo, or an update that changed nothing this
            // member sees (CONTRACT section 7).
            var result = document.Apply(broadcast.Operations, broadcast.Timestamp, allowEmpty: true);
            if (!result.Success)
            {
                throw new ReplicaDivergedException(
                    $"Update {broadcast.UpdateId} (version {newVersion}) does not apply to the local copy: {result.Error?.Message}");
            }

            return new GameStateChange(GameStateChangeKind.Updated, from, document.Version, broadcast);
        }
    }

    /// <summary>
    /// The server accepted <paramref name="sent"/> as <paramref name="newVersion"/>: make the copy have it, exactly once.
    /// </summary>
    /// <exception cref="ReplicaDivergedException">The copy rejects the operations the server accepted.</exception>
    public ConfirmOutcome Confirm(StateUpdate sent, long newVersion, out GameStateChange? change)
    {
        change = null;
        var sentVersion = ParseVersion(sent.Version, "version");
        lock (_lock)
        {
            if (_document is not { } document)
            {
                return ConfirmOutcome.NeedsCatchUp;
            }

            if (document.Version >= newVersion)
            {
                return ConfirmOutcome.AlreadyApplied;
            }

            if (document.Version != sentVersion || newVersion != sentVersion + 1)
            {
                return ConfirmOutcome.NeedsCatchUp;
            }

            var result = document.Apply(sent.Operations ?? [], sent.Timestamp);
            if (result.Update is not { } applied)
            {
                throw new ReplicaDivergedException(
                    $"Update {sent.Id}, accepted as version {newVersion}, does not apply to the local copy: {result.Error?.Message}");
            }

            var broadcast = new UpdateBroadcast(
                sent.SessionId ?? string.Empty,
                sent.Id ?? string.Empty,
                StateUpdateValidator.FormatVersion(applied.PreviousVersion),
                StateUpdateValidator.FormatVersion(applied.NewVersion),
                applied.Operations,
                sent.Timestamp,
                sent.Source ?? UpdateSources.Gm);
            change = new GameStateChange(GameStateChangeKind.Updated, applied.PreviousVersion, applied.NewVersion, broadcast);
            return ConfirmOutcome.Applied;
        }
    }

    /// <summary>Makes <paramref name="document"/> the copy.</summary>
    public GameStateChange Replace(GameStateDocument document, GameStateChangeKind kind)
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (_lock)
        {
            var from = _document?.Version ?? 0;
            _document = document;
            return new GameStateChange(kind, from, document.Version, null);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _document = null;
        }
    }

    /// <summary>The copy as JSON with its version, or null when there is none.</summary>
    public (long Version, byte[] Json)? Snapshot()
    {
        lock (_lock)
        {
            return _document is { } document ? (document.Version, document.ToUtf8Bytes()) : null;
        }
    }

    /// <summary>
    /// Whether the copy holds the same state as <paramref name="other"/>, ignoring <c>lastUpdated</c> (a copy that
    /// follows broadcasts stamps it with the update's timestamp, the server with its own clock).
    /// </summary>
    public bool SameContentAs(GameStateDocument other)
    {
        ArgumentNullException.ThrowIfNull(other);
        JsonNode? mine;
        lock (_lock)
        {
            if (_document is null)
            {
                return false;
            }

            mine = JsonNode.Parse(_document.ToUtf8Bytes());
        }

        var theirs = JsonNode.Parse(other.ToUtf8Bytes());
        if (mine is JsonObject a && theirs is JsonObject b)
        {
            a.Remove("lastUpdated");
            b.Remove("lastUpdated");
        }

        return JsonNode.DeepEquals(mine, theirs);
    }
}
