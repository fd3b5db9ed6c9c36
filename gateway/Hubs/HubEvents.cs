namespace Orleans.GameState.Gateway.Hubs;

/// <summary>Server-to-client event names of CONTRACT section 5.</summary>
public static class HubEvents
{
    public const string GameStateUpdated = "gameState:updated";
    public const string GameStateError = "gameState:error";
    public const string EncounterStarted = "encounter:started";
}
