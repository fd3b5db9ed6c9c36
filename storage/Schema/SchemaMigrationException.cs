namespace Orleans.GameState.Storage.Schema;

/// <summary>The schema could not be brought up to date. Nothing of the failing script was kept.</summary>
public sealed class SchemaMigrationException : Exception
{
    public SchemaMigrationException(string message, string? scriptName = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ScriptName = scriptName;
    }

    /// <summary>The script that failed, when one did.</summary>
    public string? ScriptName { get; }
}
