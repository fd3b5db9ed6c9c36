namespace Orleans.GameState.Client;

/// <summary>Where a <see cref="GameSessionClient"/> stands.</summary>
public enum GameSessionStatus
{
    /// <summary>Not connected.</summary>
    Disconnected,

    /// <summary>Opening the hub connection.</summary>
    Connecting,

    /// <summary>Connected, not (yet) joined to a session.</summary>
    Connected,

    /// <summary>Joining the session and bringing the local copy up to date.</summary>
    Joining,

    /// <summary>Joined; the local copy follows the session's broadcasts.</summary>
    Synced,

    /// <summary>The connection was lost; reconnecting (forever, with backoff), then rejoining.</summary>
    Reconnecting,

    /// <summary>Rejoining was refused for good (e.g. PERMISSION_DENIED, SESSION_NOT_FOUND); see <see cref="GameSessionClient.LastError"/>.</summary>
    Failed,
}
