namespace Orleans.GameState.Storage.Sessions;

/// <summary>
/// One row of the update log. <see cref="BroadcastJson"/> is the <c>gameState:updated</c> payload exactly as
/// broadcast (it carries the operations as applied); <see cref="LastUpdated"/> is the server time that replay
/// must reproduce; <see cref="TouchedEntitiesJson"/> lists the backing models the update touched;
/// <see cref="ViewsJson"/> holds the broadcasts of the members' views when they differ from the GM's (else null).
/// </summary>
public sealed record LoggedUpdate(long Version, string UpdateId, long LastUpdated, string BroadcastJson, string TouchedEntitiesJson, string? ViewsJson = null);
