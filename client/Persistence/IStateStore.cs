namespace Orleans.GameState.Client.Persistence;

/// <summary>
/// Keeps the last state of a session (its JSON, which carries <c>stateVersion</c>) between runs, so a restarted
/// client starts from its copy and asks the server only for the updates it lacks.
/// </summary>
public interface IStateStore
{
    /// <summary>The stored state JSON of the session (UTF-8), or null when there is none.</summary>
    Task<byte[]?> LoadAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored state of the session.</summary>
    Task SaveAsync(string sessionId, long version, ReadOnlyMemory<byte> stateJson, CancellationToken cancellationToken = default);

    /// <summary>Forgets the session's stored state.</summary>
    Task DeleteAsync(string sessionId, CancellationToken cancellationToken = default);
}
