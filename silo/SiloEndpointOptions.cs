namespace Orleans.GameState.Silo;

/// <summary>
/// Where this silo listens (configuration section <c>Orleans</c>); which cluster it joins (<c>ClusterId</c>,
/// <c>ServiceId</c>) is read by <c>AddGameStateSilo</c>, as every process of the cluster reads it.
/// </summary>
public sealed class SiloEndpointOptions
{
    public const string SectionName = "Orleans";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this one at; loopback suits one machine.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
