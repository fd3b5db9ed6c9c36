using Orleans.GameState.Contract;

namespace Orleans.GameState.Sessions;

/// <summary>The answer to a full-state read: either an error or the state JSON at <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("gs.SessionStateView")]
public sealed record SessionStateView(
    [property: Id(0)] ErrorInfo? Error,
    [property: Id(1)] bool IsGm,
    [property: Id(2)] long Version,
    [property: Id(3)] byte[]? StateJson)
{
    public static SessionStateView Failed(ErrorInfo error) => new(error, false, 0, null);
}
