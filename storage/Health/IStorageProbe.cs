namespace Orleans.GameState.Storage.Health;

/// <summary>Whether the game data's database answers at all (for readiness checks).</summary>
public interface IStorageProbe
{
    /// <summary>Completes when the database answered a trivial query; throws when it did not.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
