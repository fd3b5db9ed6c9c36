namespace Orleans.GameState.Storage.Schema;

/// <summary>What one <see cref="SchemaMigrator.ApplyAsync(string, CancellationToken)"/> run did.</summary>
/// <param name="AppliedScripts">Scripts run now, in order (empty when the schema was already current).</param>
/// <param name="KnownScripts">All scripts this build carries.</param>
public sealed record SchemaMigrationResult(IReadOnlyList<string> AppliedScripts, IReadOnlyList<string> KnownScripts)
{
    public bool UpToDateAlready => AppliedScripts.Count == 0;
}
