using Orleans.GameState.Sessions;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>The last few broadcasts of a session, consecutive by version, to answer short catch-ups from memory.</summary>
public sealed class RecentBroadcasts(int capacity)
{
    private readonly LinkedList<SessionBroadcast> _items = new();

    public void Add(SessionBroadcast broadcast)
    {
        if (_items.Last is { } last && last.Value.Version != broadcast.Version - 1)
        {
            _items.Clear();
        }

        _items.AddLast(broadcast);
        if (_items.Count > capacity)
        {
            _items.RemoveFirst();
        }
    }

    /// <summary>Every broadcast after <paramref name="version"/> when memory holds them all, else null.</summary>
    public IReadOnlyList<SessionBroadcast>? After(long version)
    {
        if (_items.First is not { } first || first.Value.Version > version + 1)
        {
            return null;
        }

        return _items.Where(b => b.Version > version).ToList();
    }

    public void Clear() => _items.Clear();
}
