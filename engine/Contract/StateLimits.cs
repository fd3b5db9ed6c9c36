namespace Orleans.GameState.Contract;

/// <summary>The structural limits of docs/api.md section 5 that the state engine enforces.</summary>
public sealed record StateLimits(int MaxOperationsPerUpdate = 1000, int MaxPathDepth = 32, long MaxStateBytes = 16L * 1024 * 1024)
{
    public static StateLimits Default { get; } = new();
}
