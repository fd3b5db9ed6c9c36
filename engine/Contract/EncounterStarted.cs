namespace Orleans.GameState.Contract;

/// <summary>The payload of the <c>encounter:started</c> event.</summary>
public sealed record EncounterStarted(string SessionId, string EncounterId, string Version);
