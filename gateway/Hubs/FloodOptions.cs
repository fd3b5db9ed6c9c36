namespace Orleans.GameState.Gateway.Hubs;

/// <summary>
/// What the gateway does with a connection that keeps sending updates past its rate (configuration section
/// <c>Flood</c>; the rate itself is <c>Limits:UpdatesPerSecondPerConnection</c>).
/// </summary>
public sealed class FloodOptions
{
    public const string SectionName = "Flood";

    /// <summary>
    /// Refused updates a connection may send within one second before it is closed as a flood. 0 means as many as
    /// the rate allows per second, i.e. a client sending at more than twice its rate for a second is closed.
    /// </summary>
    public int RefusalsPerSecondBeforeClose { get; set; }

    /// <summary>How long the user of a connection closed as a flood is refused new hub connections (429).</summary>
    public TimeSpan CoolOff { get; set; } = TimeSpan.FromSeconds(30);
}
