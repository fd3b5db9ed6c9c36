namespace Orleans.GameState.Contract;

/// <summary>
/// The hub's wire names (docs/api.md sections 5 and 7): the one definition the gateway, the .NET SDK, the tools and
/// the tests use, and that the TypeScript package's names are checked against.
/// </summary>
public static class HubProtocol
{
    /// <summary>Where the gateway maps the hub.</summary>
    public const string Path = "/hubs/game";

    /// <summary>Client-to-server invocations.</summary>
    public static class Methods
    {
        public const string Join = "gameSession:join";
        public const string Leave = "gameSession:leave";
        public const string Update = "gameState:update";
        public const string RequestFull = "gameState:requestFull";
        public const string RequestSince = "gameState:requestSince";
        public const string Revert = "gameState:revert";
    }

    /// <summary>Server-to-client events.</summary>
    public static class Events
    {
        public const string Updated = "gameState:updated";
        public const string Error = "gameState:error";
        public const string EncounterStarted = "encounter:started";
        public const string Presence = "gameSession:presence";
        public const string Removed = "gameSession:removed";
    }
}
