namespace Orleans.GameState.Storage.Sessions;

/// <summary>One row to append to the update log: a session's update.</summary>
public sealed record UpdateLogRow(string SessionId, LoggedUpdate Update);
