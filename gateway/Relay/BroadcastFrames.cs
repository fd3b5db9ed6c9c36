using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Hubs;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>The hub events of one session broadcast, framed once for all the connections a relay sends it to.</summary>
public sealed record BroadcastFrames(long Version, OutboundEvent Updated, OutboundEvent? EncounterStarted)
{
    public static BroadcastFrames Of(SessionBroadcast broadcast, long receivedAt) => new(
        broadcast.Version,
        OutboundEvent.Of(HubProtocol.Events.Updated, broadcast.UpdatedJson, receivedAt),
        broadcast.EncounterStartedJson is { } started
            ? OutboundEvent.Of(HubProtocol.Events.EncounterStarted, started, receivedAt)
            : null);
}
