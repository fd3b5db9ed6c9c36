namespace Orleans.GameState.Engine;

/// <summary>A state document does not have the shape of docs/api.md section 4 (or is not JSON at all).</summary>
/// <remarks>Thrown by <see cref="GameStateDocument.Parse(string, Orleans.GameState.Contract.StateLimits?)"/> and
/// <see cref="GameStateDocument.Create"/>; <see cref="GameStateDocument.Apply"/> never throws it but returns an error.</remarks>
public sealed class StateValidationException : Exception
{
    public StateValidationException(string path, string rule, Exception? innerException = null)
        : base(Format(path, rule), innerException)
    {
        Path = path;
        Rule = rule;
    }

    /// <summary>The offending location, e.g. <c>characters.2.id</c>; empty for the document as a whole.</summary>
    public string Path { get; }

    /// <summary>The rule broken, e.g. <c>must be a non-empty string</c>.</summary>
    public string Rule { get; }

    internal static string Format(string path, string rule) => path.Length == 0 ? rule : $"{path}: {rule}";
}
