using System.Diagnostics;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>Players removed from the campaign (CONTRACT section 10): their connections get <c>gameSession:removed</c> and nothing after it.</summary>
public sealed partial class SessionRelay
{
    /// <summary>Told which connections were dropped, so the relay set can forget them (and close a relay left empty).</summary>
    public Action<string, IReadOnlyList<string>>? ConnectionsRemoved { get; set; }

    public Task OnMembersRemovedAsync(SessionMembersRemoved removed)
    {
        var dropped = new List<string>();
        lock (_gate)
        {
            OutboundEvent? frame = null;
            foreach (var (connectionId, member) in _members)
            {
                if (member.UserId is not { } userId || !removed.UserIds.Contains(userId, StringComparer.Ordinal))
                {
                    continue;
                }

                // No broadcast passes this floor: the removed event is the last thing the connection gets from the session.
                member.Floor = long.MaxValue;
                member.Early.Clear();
                dropped.Add(connectionId);
                if (outboxes.TryGet(connectionId, out var outbox))
                {
                    frame ??= new OutboundEvent(
                        OutboundEvent.FrameOf(HubProtocol.Events.Removed, JsonSerializer.SerializeToUtf8Bytes(new { sessionId = SessionId }, ContractJson.Options)),
                        Stopwatch.GetTimestamp());
                    outbox.TryEnqueue(frame.Value);
                }
            }
        }

        if (dropped.Count > 0)
        {
            ConnectionsRemoved?.Invoke(SessionId, dropped);
        }

        return Task.CompletedTask;
    }
}
