namespace Orleans.GameState.Storage.Sessions;

/// <summary>A stored full state a version can be rebuilt from: the latest snapshot or a kept older one.</summary>
public sealed record HistoryBase(long Version, string StateJson);
