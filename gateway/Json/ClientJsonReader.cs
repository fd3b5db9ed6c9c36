using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Json;

/// <summary>
/// Converts JSON a client sent into a contract type, or says why not as a <c>VALIDATION_ERROR</c> worded like the
/// engine's own ("operations[0].path: must be a string"): the field is where System.Text.Json stopped, what it must be
/// is read off the target type (<see cref="JsonFieldExpectation"/>).
/// </summary>
public static class ClientJsonReader
{
    /// <param name="subject">What the whole value is called in messages ("update", "body").</param>
    public static bool TryRead<T>(JsonElement json, string subject, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out ErrorInfo? error)
        where T : class
    {
        error = null;
        try
        {
            value = json.ValueKind == JsonValueKind.Undefined ? null : json.Deserialize<T>(ClientJson.Options);
        }
        catch (JsonException e)
        {
            value = null;
            error = new ErrorInfo(ErrorCodes.ValidationError, e.InnerException is InvalidOperationException
                // A string escaping a lone surrogate: no .NET string can hold it.
                ? $"{JsonFieldExpectation.Field(e.Path, subject)}: not valid Unicode (an escaped lone surrogate such as \\ud800)"
                : JsonFieldExpectation.Describe(typeof(T), e.Path, subject, ClientJson.Options));
            return false;
        }

        if (value is null)
        {
            error = new ErrorInfo(ErrorCodes.ValidationError, $"{subject}: must be an object");
            return false;
        }

        return true;
    }
}
