using Orleans.GameState.Contract;

namespace Orleans.GameState.Engine;

/// <summary>The outcome of <see cref="GameStateDocument.Apply"/>: exactly one of the two is set.</summary>
public sealed record ApplyResult(AppliedUpdate? Update, ErrorInfo? Error)
{
    public bool Success => Update is not null;
}
