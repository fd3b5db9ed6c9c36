namespace Orleans.GameState.Contract;

/// <summary>The operation names of docs/api.md section 6, exactly as they travel.</summary>
public static class OperationKinds
{
    public const string Set = "set";
    public const string Unset = "unset";
    public const string Inc = "inc";
    public const string Push = "push";
    public const string Pull = "pull";
}
