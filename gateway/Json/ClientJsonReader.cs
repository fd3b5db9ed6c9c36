using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Gateway.Json;

/// <summary>
/// Converts JSON a client sent into a contract type, or says why not as a <c>VALIDATION_ERROR</c> worded like the
/// engine's own ("operations[0].path: must be a string"): the field is where System.Text.Json stopped, what it must be
/// is read off the target type (<see cref="JsonFieldExpectation"/>).
/// </summary>
/// <remarks>
/// The input rules of docs/security.md apply here by the contract's field names, so every type read through this
/// reader gets them without code of its own: each string field named <c>id</c> or <c>…Id</c> follows
/// <see cref="IdRule"/>, and a <c>timestamp</c> field follows <see cref="TimestampRule"/>.
/// </remarks>
public static class ClientJsonReader
{
    /// <param name="subject">What the whole value is called in messages ("update", "body").</param>
    /// <param name="ids">The id rule for the type's id fields (<c>Limits:MaxIdLength</c>).</param>
    public static bool TryRead<T>(JsonElement json, string subject, IdRule ids, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out ErrorInfo? error)
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
            // A string escaping a lone surrogate (no .NET string can hold it) also fails with an InvalidOperationException
            // inside, as does a token of the wrong type: only the text itself tells the two apart.
            error = new ErrorInfo(ErrorCodes.ValidationError, e.InnerException is InvalidOperationException && !TextRules.HasValidStrings(json)
                ? $"{JsonFieldExpectation.Field(e.Path, subject)}: not valid Unicode (an escaped lone surrogate such as \\ud800)"
                : JsonFieldExpectation.Describe(typeof(T), e.Path, subject, ClientJson.Options));
            return false;
        }

        if (value is null)
        {
            error = new ErrorInfo(ErrorCodes.ValidationError, $"{subject}: must be an object");
            return false;
        }

        error = CheckInputRules(json, value, ids);
        if (error is not null)
        {
            value = null;
            return false;
        }

        return true;
    }

    private static ErrorInfo? CheckInputRules<T>(JsonElement json, T value, IdRule ids)
        where T : class
    {
        var hasTimestamp = false;
        foreach (var property in ClientJson.Options.GetTypeInfo(typeof(T)).Properties)
        {
            if (property.PropertyType == typeof(string) && IdRule.IsIdName(property.Name)
                && ids.Check((string?)property.Get!(value), property.Name) is { } badId)
            {
                return badId;
            }

            hasTimestamp |= property.Name == TimestampRule.FieldName;
        }

        return hasTimestamp ? TimestampRule.Check(json) : null;
    }
}
