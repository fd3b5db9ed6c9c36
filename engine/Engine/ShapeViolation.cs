namespace Orleans.GameState.Engine;

/// <summary>A place in a value that breaks a shape rule of docs/api.md section 6, and the rule it breaks.</summary>
/// <param name="Path">The offending location, e.g. <c>tokens.1.id</c>.</param>
/// <param name="Rule">The rule broken, e.g. <c>must be a non-empty string</c>.</param>
public sealed record ShapeViolation(string Path, string Rule)
{
    /// <summary><c>path: rule</c>, the form of every VALIDATION_ERROR message that names a place.</summary>
    public string Message => StateValidationException.Format(Path, Rule);
}
