namespace Orleans.GameState.Engine;

/// <summary>A backing model: <see cref="Kind"/> is one of <see cref="Orleans.GameState.Contract.EntityKinds"/>.</summary>
public readonly record struct EntityRef(string Kind, string Id);
