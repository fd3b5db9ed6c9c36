using System.Diagnostics.CodeAnalysis;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>
/// A boolean query parameter such as <c>includeDeleted</c>: <c>true</c>, <c>false</c>, <c>1</c> or <c>0</c> in any
/// case; present without a value (<c>?includeDeleted</c>, <c>?includeDeleted=</c>) means true; absent means false.
/// Anything else, or the flag given twice, is a <c>VALIDATION_ERROR</c> rather than a silent guess.
/// </summary>
public static class QueryFlag
{
    public static bool TryRead(HttpRequest request, string name, out bool value, [NotNullWhen(false)] out ErrorInfo? error)
    {
        error = null;
        value = false;
        if (!request.Query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return true;
        }

        if (values.Count == 1)
        {
            var text = values[0] ?? string.Empty;
            if (text.Length == 0 || text == "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                value = true;
                return true;
            }

            if (text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        error = new ErrorInfo(ErrorCodes.ValidationError, $"{name}: must be true, false, 1 or 0 (or given without a value, meaning true), once.");
        return false;
    }
}
