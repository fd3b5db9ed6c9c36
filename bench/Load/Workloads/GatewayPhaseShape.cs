using Orleans.GameState.Contract;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// What a workload changes in a <see cref="GatewayPhase"/>: the GM's updates, the state the phase starts from, the
/// state each player must end with, and a hook once every player has joined. The default is the sessions workload's.
/// </summary>
public sealed record GatewayPhaseShape
{
    public static GatewayPhaseShape Default { get; } = new();

    /// <summary>The GM's next update; null: the options' <see cref="UpdateGenerator"/>.</summary>
    public Func<Random, StateOperation[]>? Operations { get; init; }

    /// <summary>Updates the GM of a session makes after joining (and padding the state), before the players join.</summary>
    public Func<SessionSpec, IEnumerable<StateOperation[]>>? Setup { get; init; }

    /// <summary>The state JSON a player must hold, from the server's full state JSON and the player's user id; null: the server's state.</summary>
    public Func<string, string, string>? ExpectedState { get; init; }

    /// <summary>Raw players build a copy of the state from their join answer and the broadcasts, so that it is checked too.</summary>
    public bool RawPlayersKeepState { get; init; }

    /// <summary>Called once every player has joined, before the warm-up.</summary>
    public Func<CancellationToken, Task>? PlayersJoinedAsync { get; init; }

    /// <summary>What the convergence check compares, for the report.</summary>
    public string ConvergenceMethod { get; init; } = "";
}
