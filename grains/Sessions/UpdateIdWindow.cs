namespace Orleans.GameState.Grains.Sessions;

/// <summary>
/// The ids of the most recent accepted updates with the version each produced, for idempotent resends.
/// Bounded: the oldest id is forgotten first (the log's unique key still catches older resends).
/// </summary>
public sealed class UpdateIdWindow(int capacity)
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _versions.Count;

    public bool TryGetVersion(string updateId, out long version) => _versions.TryGetValue(updateId, out version);

    public void Add(string updateId, long version)
    {
        if (!_versions.TryAdd(updateId, version))
        {
            return;
        }

        _order.Enqueue(updateId);
        while (_order.Count > capacity)
        {
            _versions.Remove(_order.Dequeue());
        }
    }
}
