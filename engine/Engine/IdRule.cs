using System.Globalization;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Engine;

/// <summary>
/// The one rule for every id the server takes (session, campaign, entity, user, update; docs/security.md): a string
/// that is not blank (not only white space or invisible format characters, Unicode ones included), at most
/// <see cref="MaxLength"/> characters, without U+0000 (ids become storage keys). Checked where an id enters, so that a
/// bad one is a <c>VALIDATION_ERROR</c> and never reaches Orleans (<c>GetGrain</c> throws on a blank key) or storage.
/// </summary>
public sealed class IdRule(int maxLength)
{
    public const int DefaultMaxLength = 256;

    public static IdRule Default { get; } = new(DefaultMaxLength);

    public int MaxLength { get; } = maxLength > 0 ? maxLength : throw new ArgumentOutOfRangeException(nameof(maxLength), "must be positive");

    /// <summary>Null when <paramref name="id"/> is a valid id; otherwise the <c>VALIDATION_ERROR</c> naming <paramref name="field"/>.</summary>
    public ErrorInfo? Check(string? id, string field) =>
        Violation(id) is { } rule ? Invalid($"{field}: {rule}") : null;

    /// <summary>Null when <paramref name="id"/> is a valid id; otherwise the rule it breaks, worded to follow a field name.</summary>
    public string? Violation(string? id)
    {
        if (id is null || IsBlank(id))
        {
            return "required, a non-blank string.";
        }

        if (id.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters (got {id.Length}).";
        }

        return TextRules.IsStorableKey(id) ? null : "must not contain U+0000.";
    }

    public bool IsValid(string? id) => Violation(id) is null;

    /// <summary>
    /// True for the empty string and for text made only of white space (<see cref="char.IsWhiteSpace(char)"/>: tab,
    /// newline, U+00A0, U+2003, U+3000, …) and format characters (zero-width space, BOM, …), which no one can read or type.
    /// </summary>
    public static bool IsBlank(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a field of a client-sent object is an id by the contract's naming: <c>id</c>, or a name ending in
    /// <c>Id</c> (<c>sessionId</c>, <c>userId</c>, <c>campaignId</c>). Route parameters and JSON fields follow it alike.
    /// </summary>
    public static bool IsIdName(string name) =>
        name.Equals("id", StringComparison.OrdinalIgnoreCase)
        || (name.Length > 2 && name.EndsWith("Id", StringComparison.Ordinal));

    private static ErrorInfo Invalid(string message) => new(ErrorCodes.ValidationError, message);
}
