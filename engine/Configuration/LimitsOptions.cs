using System.ComponentModel.DataAnnotations;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Configuration;

/// <summary>The configurable limits of docs/api.md section 5 (configuration section <c>Limits</c>), checked at start.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    [Range(1, int.MaxValue)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    [Range(1, int.MaxValue)]
    public int MaxOperationsPerUpdate { get; set; } = 1000;

    [Range(1, int.MaxValue)]
    public int MaxPathDepth { get; set; } = 32;

    [Range(1, long.MaxValue)]
    public long MaxStateBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>0 means no limit (benchmarks).</summary>
    [Range(0, int.MaxValue)]
    public int UpdatesPerSecondPerConnection { get; set; } = 200;

    /// <summary>The longest id the server takes (<see cref="IdRule"/>; docs/security.md).</summary>
    [Range(1, int.MaxValue)]
    public int MaxIdLength { get; set; } = IdRule.DefaultMaxLength;

    public IdRule ToIdRule() => new(MaxIdLength);

    public StateLimits ToStateLimits() => new(MaxOperationsPerUpdate, MaxPathDepth, MaxStateBytes, MaxIdLength);
}
