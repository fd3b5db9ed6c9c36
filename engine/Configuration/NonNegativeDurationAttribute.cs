using System.ComponentModel.DataAnnotations;

namespace Orleans.GameState.Configuration;

/// <summary>A <see cref="TimeSpan"/> setting that may be zero (often "off") but never negative.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NonNegativeDurationAttribute : ValidationAttribute
{
    public NonNegativeDurationAttribute()
        : base("{0} must not be negative.")
    {
    }

    public override bool IsValid(object? value) => value is not TimeSpan duration || duration >= TimeSpan.Zero;
}
