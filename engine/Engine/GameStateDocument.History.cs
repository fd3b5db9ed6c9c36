using Orleans.GameState.Contract;

namespace Orleans.GameState.Engine;

/// <summary>What history and revert need of a state: the operations to another state, and a plain value comparison.</summary>
public sealed partial class GameStateDocument
{
    /// <summary>
    /// The path operations that make this state hold the same values as <paramref name="target"/> (stateVersion and
    /// lastUpdated aside), at most <see cref="StateLimits.MaxOperationsPerUpdate"/> of them; empty when it already does.
    /// See <see cref="StateDiff"/> for their granularity.
    /// </summary>
    public IReadOnlyList<StateOperation> OperationsTo(GameStateDocument target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return StateDiff.Between(_root, target._root, Limits);
    }

    /// <summary>Whether both states hold the same values (objects compared regardless of key order), stateVersion and lastUpdated aside.</summary>
    public bool HasSameValues(GameStateDocument other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var root in OperationChecks.Roots)
        {
            if (!JsonValues.DeepEquals(_root[root], other._root[root]))
            {
                return false;
            }
        }

        return true;
    }
}
