using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Gateway.Json;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>
/// The hub's arguments as they arrive, any JSON at all, turned into what the methods work with, or into the
/// <c>VALIDATION_ERROR</c> naming the field that is wrong.
/// </summary>
/// <remarks>
/// The hub methods take <see cref="JsonElement"/> because SignalR binds typed parameters before the method runs: a
/// <c>version: 2</c> where a string belongs failed the whole invocation ("Failed to invoke … due to an error on the
/// server") instead of getting the contract's <c>{success: false, error}</c>. Only the number of arguments is still
/// SignalR's to check.
/// </remarks>
public static class HubArguments
{
    /// <summary>A session id argument: a string following <paramref name="ids"/> (<see cref="IdRule"/>).</summary>
    public static bool TryReadSessionId(JsonElement json, IdRule ids, [NotNullWhen(true)] out string? sessionId, [NotNullWhen(false)] out ErrorInfo? error) =>
        TryReadId(json, "sessionId", ids, out sessionId, out error);

    /// <summary>Any id argument (<see cref="IdRule"/>): what a new hub method taking an id calls, with its field's name.</summary>
    public static bool TryReadId(JsonElement json, string field, IdRule ids, [NotNullWhen(true)] out string? id, [NotNullWhen(false)] out ErrorInfo? error)
    {
        id = json.ValueKind == JsonValueKind.String ? TryGetString(json) : null;
        error = json.ValueKind switch
        {
            JsonValueKind.String when id is null => GatewayErrors.NotUnicode(field),
            JsonValueKind.String or JsonValueKind.Null or JsonValueKind.Undefined => ids.Check(id, field),
            _ => GatewayErrors.NotAString(field),
        };
        if (error is not null)
        {
            id = null;
        }

        return error is null;
    }

    /// <summary>A version as the engine parses it (<see cref="StateUpdateValidator.TryParseVersion"/>): a canonical decimal string.</summary>
    public static bool TryReadVersion(JsonElement json, out long version, [NotNullWhen(false)] out ErrorInfo? error)
    {
        version = 0;
        if (json.ValueKind == JsonValueKind.String && StateUpdateValidator.TryParseVersion(TryGetString(json), out version))
        {
            error = null;
            return true;
        }

        // As sent, in JSON: "01" quoted, a number bare, so the message shows which of the two was wrong.
        error = GatewayErrors.BadVersion("version", json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : json.GetRawText());
        return false;
    }

    /// <summary>An update whose fields have the contract's types; what they hold is the engine's to check, in the grain.</summary>
    /// <remarks>Text that could not even cross to the session (<see cref="StateUpdateValidator.CheckText"/>) is refused here.</remarks>
    /// <remarks>
    /// The id fields and <c>timestamp</c> follow the input rules (<see cref="ClientJsonReader"/>); a revert argument read
    /// with <see cref="ClientJsonReader.TryRead{T}"/> gets the same rules from its field names.
    /// </remarks>
    public static bool TryReadUpdate(JsonElement json, IdRule ids, [NotNullWhen(true)] out StateUpdate? update, [NotNullWhen(false)] out ErrorInfo? error)
    {
        if (!ClientJsonReader.TryRead(json, "update", ids, out update, out error))
        {
            return false;
        }

        error = StateUpdateValidator.CheckText(update);
        return error is null;
    }

    /// <summary>
    /// The session and update ids of an update argument where they are strings, whatever is wrong elsewhere in it:
    /// enough to report a refused update to the session's GM without converting the whole update.
    /// </summary>
    /// <remarks>
    /// An object whose property names escape a lone surrogate is skipped whole: looking a name up in it would have to
    /// decode those names, which throws (found by the fuzz suite).
    /// </remarks>
    public static (string? SessionId, string? UpdateId) Target(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && TextRules.HasValidStrings(json)
            ? (StringProperty(json, "sessionId"), StringProperty(json, "id"))
            : (null, null);

    private static string? StringProperty(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? TryGetString(value) : null;

    /// <summary>The string, or null when it escapes a lone surrogate (no .NET string can hold it as sent).</summary>
    private static string? TryGetString(JsonElement json)
    {
        try
        {
            return json.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
