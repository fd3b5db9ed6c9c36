namespace Orleans.GameState.Grains.Sessions;

/// <summary>
/// Decides when a session writes a full snapshot. Writing one costs the state's size; waiting until the
/// log since the last snapshot is at least that large keeps the amortised cost per update proportional to
/// the update, whatever the state's size.
/// </summary>
public sealed class SnapshotPolicy(SessionOptions options)
{
    private long _logBytes;
    private int _updates;

    public void Reset()
    {
        _logBytes = 0;
        _updates = 0;
    }

    public void Record(int logBytes)
    {
        _logBytes += logBytes;
        _updates++;
    }

    public bool HasPending => _updates > 0;

    public bool IsDue(long stateBytes) =>
        _updates >= options.SnapshotMaxUpdates || _logBytes >= Math.Max(stateBytes, options.SnapshotMinLogBytes);
}
