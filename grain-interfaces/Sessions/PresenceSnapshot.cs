using Orleans.GameState.Contract;

namespace Orleans.GameState.Sessions;

/// <summary>
/// The users joined to a session on every gateway, as its grain aggregates the gateways' leases. Observer calls are
/// one-way and may arrive out of order, so relays keep only the snapshot with the highest <see cref="Revision"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("gs.PresenceSnapshot")]
public sealed record PresenceSnapshot(
    [property: Id(0)] string SessionId,
    [property: Id(1)] long Revision,
    [property: Id(2)] string[] UserIds,
    [property: Id(3)] string? GmUserId)
{
    /// <summary>The contract's <c>gameSession:presence</c> payload.</summary>
    public SessionPresence ToContract() =>
        new(SessionId, [.. UserIds.Select(userId => new PresenceUser(userId, userId == GmUserId))]);
}
