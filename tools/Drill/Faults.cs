namespace Orleans.GameState.Drill;

/// <summary>What one injected fault did and how long the system took to get over it.</summary>
public sealed class FaultResult
{
    public required string Kind { get; init; }

    public required string Process { get; init; }

    public double At { get; set; }

    public bool Injected { get; set; }

    /// <summary>Sessions that lived on the victim silo, or clients connected to the victim gateway.</summary>
    public List<string> Affected { get; } = [];

    /// <summary>Seconds from the fault (from PostgreSQL's restart for kill-postgres) to the affected parties working again.</summary>
    public double? Recovery { get; set; }

    /// <summary>The same over every session.</summary>
    public double? RecoveryAll { get; set; }

    /// <summary>kill-postgres: seconds PostgreSQL was down.</summary>
    public double? Downtime { get; set; }

    /// <summary>The longest one GM update took (first send to acknowledgement) around the fault, in seconds.</summary>
    public double? LongestUpdate { get; set; }

    public int FailedAttempts { get; set; }

    public double? RestartSeconds { get; set; }

    public bool Recovered { get; set; }

    public string? Note { get; set; }
}
