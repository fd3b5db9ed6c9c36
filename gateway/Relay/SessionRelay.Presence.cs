using System.Diagnostics;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>
/// Presence (CONTRACT section 9): the relay reports the users of its joined connections to the session grain as a
/// lease, on every join and leave and again with every renewal, and relays the grain's <c>gameSession:presence</c>
/// snapshots to its joined connections. A relay's lease has its own id, so a relay closed and re-created for the
/// same session never competes with its predecessor's sequence numbers.
/// </summary>
public sealed partial class SessionRelay
{
    private readonly string _presenceLeaseId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private long _presenceSequence;
    private long _presenceRevision = -1;

    /// <summary>
    /// Tells the grain which users are joined here (none once the relay is empty) and relays its answer. Null when the
    /// grain could not be reached: the next renewal reports again.
    /// </summary>
    public async Task<PresenceSnapshot?> ReportPresenceAsync()
    {
        PresenceReport report;
        lock (_gate)
        {
            string[] users = [.. _members.Values
                .Where(member => member.Floor is not null && member.UserId is not null)
                .Select(member => member.UserId!)
                .Distinct(StringComparer.Ordinal)];
            report = new PresenceReport(_presenceLeaseId, ++_presenceSequence, users);
        }

        try
        {
            var snapshot = await grain.ReportPresenceAsync(report);
            lock (_gate)
            {
                AcceptPresence(snapshot);
            }

            return snapshot;
        }
        catch (Exception e)
        {
            LogPresenceReportFailed(e, SessionId);
            return null;
        }
    }

    public Task OnPresenceAsync(PresenceSnapshot presence)
    {
        lock (_gate)
        {
            AcceptPresence(presence);
        }

        return Task.CompletedTask;
    }

    /// <summary>Relays a snapshot newer than the last one to every joined connection (under the gate).</summary>
    private void AcceptPresence(PresenceSnapshot snapshot)
    {
        if (snapshot.Revision <= _presenceRevision)
        {
            return;
        }

        _presenceRevision = snapshot.Revision;
        OutboundEvent? frame = null;
        foreach (var (connectionId, member) in _members)
        {
            if (member.Floor is not null && outboxes.TryGet(connectionId, out var outbox))
            {
                frame ??= new OutboundEvent(
                    OutboundEvent.FrameOf(HubProtocol.Events.Presence, JsonSerializer.SerializeToUtf8Bytes(snapshot.ToContract(), ContractJson.Options)),
                    Stopwatch.GetTimestamp());
                outbox.TryEnqueue(frame.Value);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay {SessionId} could not report presence; the next renewal reports again")]
    private partial void LogPresenceReportFailed(Exception exception, string sessionId);
}
