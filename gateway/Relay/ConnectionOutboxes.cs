using System.Collections.Concurrent;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>The outboxes of this gateway's live connections, by connection id.</summary>
public sealed class ConnectionOutboxes
{
    private readonly ConcurrentDictionary<string, ConnectionOutbox> _outboxes = new(StringComparer.Ordinal);

    public int Count => _outboxes.Count;

    public void Add(ConnectionOutbox outbox) => _outboxes[outbox.ConnectionId] = outbox;

    public bool TryGet(string connectionId, out ConnectionOutbox outbox) => _outboxes.TryGetValue(connectionId, out outbox!);

    public void Remove(string connectionId)
    {
        if (_outboxes.TryRemove(connectionId, out var outbox))
        {
            outbox.Complete();
        }
    }
}
