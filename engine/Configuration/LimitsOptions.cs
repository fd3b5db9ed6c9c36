using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

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

    /// <summary>The longest id the server takes (<see cref="IdRule"/>; CONTRACT section 12).</summary>
    public int MaxIdLength { get; set; } = IdRule.DefaultMaxLength;

    public IdRule ToIdRule() => new(MaxIdLength);

    public StateLimits ToStateLimits() => new(MaxOperationsPerUpdate, MaxPathDepth, MaxStateBytes);
}
