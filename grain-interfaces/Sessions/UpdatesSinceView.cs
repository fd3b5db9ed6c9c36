using Orleans.GameState.Contract;

namespace Orleans.GameState.Sessions;

/// <summary>The answer to a catch-up read: either an error or the broadcasts after the asked version, in order.</summary>
[GenerateSerializer, Immutable, Alias("gs.UpdatesSinceView")]
public sealed record UpdatesSinceView(
    [property: Id(0)] ErrorInfo? Error,
    [property: Id(1)] IReadOnlyList<SessionBroadcast>? Updates)
{
    public static UpdatesSinceView Failed(ErrorInfo error) => new(error, null);
}
