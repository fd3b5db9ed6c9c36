using System.Text.Json;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Engine;

/// <summary>
/// The rule for the <c>timestamp</c> of an update or a revert (docs/security.md): required, a JSON number that is a
/// whole number of Unix milliseconds within 64 bits. Checked on the JSON as sent, since a missing field would otherwise
/// read as 0 and be broadcast as if the client had said so.
/// </summary>
public static class TimestampRule
{
    public const string FieldName = "timestamp";

    /// <summary>Null when <paramref name="message"/> (a JSON object) carries a valid timestamp; else the <c>VALIDATION_ERROR</c>.</summary>
    /// <remarks>The name matches regardless of case, as the contract's JSON options read it.</remarks>
    public static ErrorInfo? Check(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in message.EnumerateObject())
        {
            if (property.NameEquals(FieldName) || property.Name.Equals(FieldName, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind switch
                {
                    JsonValueKind.Number when property.Value.TryGetInt64(out _) => null,
                    JsonValueKind.Null => Missing(),
                    _ => new ErrorInfo(ErrorCodes.ValidationError, $"{FieldName}: must be a whole number (Unix milliseconds)."),
                };
            }
        }

        return Missing();
    }

    private static ErrorInfo Missing() => new(ErrorCodes.ValidationError, $"{FieldName}: required, a whole number (Unix milliseconds).");
}
