using Orleans.GameState.Contract;

namespace Orleans.GameState.Configuration;

/// <summary>The configurable limits of CONTRACT section 5 (configuration section <c>Limits</c>).</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    public int MaxOperationsPerUpdate { get; set; } = 1000;

    public int MaxPathDepth { get; set; } = 32;

    public long MaxStateBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>0 means no limit (benchmarks).</summary>
    public int UpdatesPerSecondPerConnection { get; set; } = 200;

    public StateLimits ToStateLimits() => new(MaxOperationsPerUpdate, MaxPathDepth, MaxStateBytes);
}
