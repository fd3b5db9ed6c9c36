namespace Orleans.GameState.Storage.Sessions;

/// <summary>A session as activation finds it: its header and its latest snapshot.</summary>
public sealed record StoredSession(SessionHeader Header, long SnapshotVersion, string SnapshotJson);
