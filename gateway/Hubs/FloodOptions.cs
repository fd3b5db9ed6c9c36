namespace Orleans.GameState.Gateway.Hubs;

/// <summary>
/// What the gateway does with a connection that keeps sending updates past its rate (configuration section
/// <c>Flood</c>; the rate itself is <c>Limits:UpdatesPerSecondPerConnection</c>).
/// </summary>
public sealed class FloodOptions
{
    public const string SectionName = "Flood";

    /// <summary>The smallest default for <see cref="RefusalsPerSecondBeforeClose"/>, so that a low rate does not close a merely eager client.</summary>
    public const int MinimumDefaultRefusals = 100;

    /// <summary>
    /// Refused updates a connection may send within one second before it is closed as a flood. 0 means the rate or
    /// <see cref="MinimumDefaultRefusals"/>, whichever is more: at the default rate of 200, a client sending over 400
    /// updates in a second is closed. A flooding client at full speed (thousands per second) is closed within
    /// milliseconds of running out of its rate.
    /// </summary>
    public int RefusalsPerSecondBeforeClose { get; set; }

    /// <summary>How long the user of a connection closed as a flood is refused new hub connections (429).</summary>
    public TimeSpan CoolOff { get; set; } = TimeSpan.FromSeconds(30);
}
