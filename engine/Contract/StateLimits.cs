namespace Orleans.GameState.Contract;

/// <summary>The structural limits of docs/api.md section 5 that the state engine enforces.</summary>
/// <param name="MaxIdLength">The longest entity id inside a state (<see cref="Engine.IdRule"/>: the entry points' rule,
/// from the same <c>Limits:MaxIdLength</c>).</param>
public sealed record StateLimits(
    int MaxOperationsPerUpdate = 1000, int MaxPathDepth = 32, long MaxStateBytes = 16L * 1024 * 1024, int MaxIdLength = Engine.IdRule.DefaultMaxLength)
{
    public static StateLimits Default { get; } = new();
}
