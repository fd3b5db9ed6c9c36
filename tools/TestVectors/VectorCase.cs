using Orleans.GameState.Contract;

namespace Orleans.GameState.TestVectors;

/// <summary>
/// One vector: a starting state, optional limits, and updates applied one after another (each sees the state the
/// previous one left). Operation values are JSON text, written to the file exactly as given.
/// </summary>
public sealed record VectorCase(string Name, string State, IReadOnlyList<VectorStep> Steps, StateLimits? Limits = null);

/// <summary>One update of a vector: its operations as (path, operation, value JSON or null for none).</summary>
public sealed record VectorStep(IReadOnlyList<(string Path, string Operation, string? Value)> Operations);
