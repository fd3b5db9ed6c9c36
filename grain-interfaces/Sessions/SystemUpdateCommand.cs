using Orleans.GameState.Contract;

namespace Orleans.GameState.Sessions;

/// <summary>An update the server originates. <see cref="UpdateId"/> makes it idempotent like a GM update.</summary>
[GenerateSerializer, Immutable, Alias("gs.SystemUpdateCommand")]
public sealed record SystemUpdateCommand(
    [property: Id(0)] string UpdateId,
    [property: Id(1)] IReadOnlyList<StateOperation> Operations);
