using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Internal;

/// <summary>
/// After the gateway closes a connection for flooding updates (docs/security.md "Floods") its user is refused the hub
/// for the gateway's <c>Flood:CoolOff</c>; reconnecting sooner only collects 429s. The close message names the error
/// (<c>RATE_LIMITED: …</c>) but not the cool-off's length, so the client waits the length it is told
/// (<see cref="GameSessionClientOptions.FloodCoolOff"/>, the documented default unless configured).
/// </summary>
internal static class FloodCoolOff
{
    private const string CloseReasonPrefix = ErrorCodes.RateLimited + ":";

    /// <summary>True when the connection ended with the gateway's flood close (SignalR hands its reason on in the error).</summary>
    public static bool IsFloodClose(Exception? closeError) =>
        closeError?.Message.Contains(CloseReasonPrefix, StringComparison.Ordinal) == true;

    /// <summary>
    /// The wait before reconnecting: <paramref name="backoff"/>, but after a flood close at least the cool-off, plus up to
    /// 20% so that the connections of many clients cooled off together do not come back at once.
    /// </summary>
    public static TimeSpan ReconnectDelay(Exception? closeError, TimeSpan backoff, TimeSpan coolOff, double random)
    {
        if (!IsFloodClose(closeError) || coolOff <= TimeSpan.Zero)
        {
            return backoff;
        }

        var wait = TimeSpan.FromTicks((long)(coolOff.Ticks * (1 + (0.2 * Math.Clamp(random, 0, 1)))));
        return wait > backoff ? wait : backoff;
    }
}
