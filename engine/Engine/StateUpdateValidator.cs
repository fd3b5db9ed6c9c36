using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Engine;

/// <summary>Checks the structure of a <see cref="StateUpdate"/> as it arrives from a client, before any state is read.</summary>
public static class StateUpdateValidator
{
    /// <summary>
    /// Null when the update is well formed: id and sessionId non-empty, version a decimal integer string, at least one
    /// operation, each with a valid path and a known operation (with a value where one is needed), source "gm" or
    /// "system". With <paramref name="limits"/>, also the operation count and path depth limits.
    /// Otherwise a VALIDATION_ERROR naming the offending field.
    /// </summary>
    public static ErrorInfo? Validate(StateUpdate? update, StateLimits? limits = null)
    {
        if (update is null)
        {
            return OperationChecks.Invalid("update: is required");
        }

        if (string.IsNullOrEmpty(update.Id))
        {
            return OperationChecks.Invalid("id: must be a non-empty string");
        }

        if (string.IsNullOrEmpty(update.SessionId))
        {
            return OperationChecks.Invalid("sessionId: must be a non-empty string");
        }

        if (CheckKeys(update) is { } badKey)
        {
            return badKey;
        }

        // A canonical version too large for 64 bits is well formed, just not the current one: the version check
        // answers it with VERSION_CONFLICT and the current version, as for any other stale or future version.
        if (!IsCanonicalVersion(update.Version))
        {
            return OperationChecks.Invalid("version: must be a decimal integer string such as \"1\"");
        }

        if (update.Source is not (UpdateSources.Gm or UpdateSources.System))
        {
            return OperationChecks.Invalid("source: must be \"gm\" or \"system\"");
        }

        return OperationChecks.Check(update.Operations, limits, out _);
    }

    /// <summary>
    /// Null when the update's text can be carried and stored at all (<see cref="TextRules"/>): ids without U+0000, and
    /// no operation value holding a string that is not valid Unicode. The gateway checks this much before passing an
    /// update on, since such a value cannot even be serialised to the session; there, <see cref="Validate"/> checks the
    /// ids, and applying an operation refuses such a value as it copies it into the state.
    /// </summary>
    public static ErrorInfo? CheckText(StateUpdate update)
    {
        if (CheckKeys(update) is { } badKey)
        {
            return badKey;
        }

        var operations = update.Operations ?? [];
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is { } operation && !TextRules.HasValidStrings(operation.Value))
            {
                return OperationChecks.Invalid($"operations[{i}].value: contains a string that is not valid Unicode (an escaped lone surrogate such as \\ud800)");
            }
        }

        return null;
    }

    /// <summary>The ids become storage keys: no U+0000 (<see cref="TextRules.IsStorableKey"/>).</summary>
    private static ErrorInfo? CheckKeys(StateUpdate update)
    {
        if (update.Id is { } id && !TextRules.IsStorableKey(id))
        {
            return OperationChecks.Invalid("id: must not contain U+0000");
        }

        return update.SessionId is { } sessionId && !TextRules.IsStorableKey(sessionId)
            ? OperationChecks.Invalid("sessionId: must not contain U+0000")
            : null;
    }

    /// <summary>Parses a version: decimal digits, no sign, no leading zero, within 64 bits.</summary>
    public static bool TryParseVersion(string? text, out long version)
    {
        version = 0;
        return IsCanonicalVersion(text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    /// <summary>True for the wire form of a version of any size: decimal digits, no sign, no leading zero.</summary>
    public static bool IsCanonicalVersion([NotNullWhen(true)] string? text)
    {
        if (string.IsNullOrEmpty(text) || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The wire form of a version: its decimal digits.</summary>
    public static string FormatVersion(long version) => version.ToString(CultureInfo.InvariantCulture);
}
