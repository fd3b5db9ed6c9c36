namespace Orleans.GameState.Engine;

/// <summary>An update broke a rule; thrown inside <see cref="GameStateDocument.Apply"/> and turned into a VALIDATION_ERROR.</summary>
internal sealed class OperationException(string path, string rule) : Exception(StateValidationException.Format(path, rule))
{
    public string Path { get; } = path;

    public string Rule { get; } = rule;
}
