using System.Text.Json;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Internal;

/// <summary>
/// Checks, before sending, that the hub can take an update at all. A message over the gateway's size limit, or nested
/// deeper than SignalR's JSON reader goes (64 levels, the invocation's envelope included), is not answered: the
/// gateway closes the connection. The GM queue resends unanswered updates after reconnecting, so such an update
/// would close the connection again and again; refused here, it fails once, as the server would refuse it if it could.
/// </summary>
internal static class HubMessageLimits
{
    /// <summary>The depth SignalR's JSON hub protocol reads to, for a whole message.</summary>
    public const int MaxMessageDepth = 64;

    /// <summary>Levels the invocation adds around the update: the message object and its <c>arguments</c> array.</summary>
    private const int EnvelopeDepth = 2;

    /// <summary>Bytes the invocation adds around the update (type, invocation id, target), rounded up.</summary>
    private const int EnvelopeBytes = 128;

    public static ErrorInfo? Check(StateUpdate update, int maxMessageBytes)
    {
        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(update, ContractJson.Options);
        }
        catch (JsonException)
        {
            // The writer stops at the same 64 levels (SignalR's client serialises with these limits too).
            return TooDeep(">" + MaxMessageDepth);
        }

        if (json.Length + EnvelopeBytes > maxMessageBytes)
        {
            return new ErrorInfo(
                ErrorCodes.ValidationError,
                $"update: {json.Length} bytes of JSON, over the hub's message limit of {maxMessageBytes} bytes (split it into smaller updates)");
        }

        var depth = Depth(json);
        return depth + EnvelopeDepth > MaxMessageDepth ? TooDeep(depth.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
    }

    private static ErrorInfo TooDeep(string depth) => new(
        ErrorCodes.ValidationError,
        $"update: nested {depth} levels deep; the hub reads messages at most {MaxMessageDepth} levels deep, so an operation's value may nest at most {MaxMessageDepth - EnvelopeDepth - 3} levels");

    /// <summary>The deepest nesting of objects and arrays in <paramref name="json"/> (1 for a flat object).</summary>
    public static int Depth(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        var deepest = 0;
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                deepest = Math.Max(deepest, reader.CurrentDepth + 1);
            }
        }

        return deepest;
    }
}
