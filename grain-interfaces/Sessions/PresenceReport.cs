namespace Orleans.GameState.Sessions;

/// <summary>
/// One gateway's contribution to a session's presence: the users of its connections joined to the session. It is a
/// lease: the grain forgets it unless the gateway reports again in time, which is how a dead gateway's users vanish.
/// </summary>
/// <param name="GatewayId">Unique per gateway process.</param>
/// <param name="Sequence">Increases with every report of that gateway, so a late older report cannot undo a newer one.</param>
/// <param name="UserIds">Empty when the gateway has no connection joined any more (the lease is dropped at once).</param>
[GenerateSerializer, Immutable, Alias("gs.PresenceReport")]
public sealed record PresenceReport(
    [property: Id(0)] string GatewayId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string[] UserIds);
