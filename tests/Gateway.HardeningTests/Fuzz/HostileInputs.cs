using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.HardeningTests.Fuzz;

/// <summary>
/// Generators of hostile input, as JSON text so that they can say what no serializer would (escaped lone surrogates,
/// numbers beyond 64 bits, repeated keys): ids, versions, timestamps, any JSON value, and updates built from them.
/// </summary>
internal static class HostileInputs
{
    /// <summary>Strings aimed at the id rule: blanks of every kind, U+0000, path steps, lengths around the limit, any text.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.OneOf(" ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "", "\u200b", "\ufeff", "\0", "a\0b", ".", "..",
            "%2F", "a/b", "s-none", "?", "#", "../..", "%", "\u202e", "🎲", "null", "true", "0")),
        (3, Gen.String[0, 40]),
        (2, Gen.Char['a', 'z'].Array[1, 12].Select(chars => new string(chars))),
        (1, Gen.Int[250, 262].Select(n => new string('x', n))),
        (1, Gen.Int[263, 5_000].Select(n => new string('y', n))));

    /// <summary>A JSON string literal: the text above escaped properly, or escapes no .NET string can hold.</summary>
    public static readonly Gen<string> StringLiteral = Gen.Frequency(
        (8, Text.Select(text => JsonSerializer.Serialize(text))),
        (1, Gen.OneOf("\"\\ud800\"", "\"a\\udfff\"", "\"\\u0000\"", "\"\\uDBFF\\uDBFF\"")));

    public static readonly Gen<string> Version = Gen.OneOf(
        Gen.OneOf("\"1\"", "\"2\"", "\"01\"", "\"0\"", "\"-1\"", "\"+1\"", "\" 1\"", "\"1.0\"", "\"9223372036854775807\"",
            "\"9223372036854775808\"", "\"99999999999999999999999999\"", "1", "null", "\"\"", "[]", "{}", "\"١\""),
        Gen.Long.Select(v => JsonSerializer.Serialize(v.ToString(CultureInfo.InvariantCulture))),
        StringLiteral);

    public static readonly Gen<string> Timestamp = Gen.OneOf(
        "1764000000000", "0", "-1", "1.5", "1e3", "1e30", "9223372036854775807", "9223372036854775808", "\"1764000000000\"", "null",
        "true", "[]", "{}", "-0", "1764000000000.000");

    public static readonly Gen<string> Number = Gen.OneOf(
        Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "0"),
        Gen.OneOf("1e400", "-1e400", "123456789012345678901234567890", "0.0000000000000000000001"));

    /// <summary>Any JSON value, nested at most <paramref name="depth"/> levels (SignalR closes a connection past 64: not what this is for).</summary>
    public static Gen<string> Json(int depth) => depth <= 0
        ? Gen.OneOf(Gen.OneOf("null", "true", "false", "{}", "[]"), Number, StringLiteral)
        : Gen.Frequency(
            (4, Json(0)),
            (1, Json(depth - 1).Array[0, 4].Select(items => $"[{string.Join(',', items)}]")),
            (1, Gen.Select(StringLiteral, Json(depth - 1)).Array[0, 4]
                .Select(members => $"{{{string.Join(',', members.Select(m => $"{m.Item1}:{m.Item2}"))}}}")));

    public static readonly Gen<string> Path = Gen.OneOf(
        Gen.OneOf("pluginData.x", "pluginData", "characters.0.hp", "characters", "stateVersion", "lastUpdated", "currentEncounter",
            "items.5", "actors.0.id", "characters.00", "a..b", "", ".", "pluginData.x.y.z", "characters.-1"),
        StringLiteral.Select(s => s.Trim('"')));

    public static readonly Gen<string> Operation = Gen.Select(
        Gen.OneOf(Path.Select(p => JsonSerializer.Serialize(p)), Json(1)),
        Gen.OneOf("\"set\"", "\"unset\"", "\"inc\"", "\"push\"", "\"pull\"", "\"SET\"", "\"merge\"", "null", "1"),
        Gen.Frequency((3, Json(3).Select(v => $",\"value\":{v}")), (1, Gen.Const(""))),
        (path, op, value) => $"{{\"path\":{path},\"operation\":{op}{value}}}");

    /// <summary>A <c>gameState:update</c> argument: every field possibly wrong, missing or of the wrong type.</summary>
    public static Gen<string> Update(string sessionId) => Gen.Select(
        Field("id", Gen.Frequency((3, StringLiteral), (1, Gen.Int[0, 30].Select(i => $"\"fuzz-{i}\"")), (1, Json(1)))),
        Field("sessionId", Gen.Frequency((3, Gen.Const(JsonSerializer.Serialize(sessionId))), (2, StringLiteral), (1, Json(1)))),
        Field("version", Version),
        Field("operations", Gen.Frequency((4, Operation.Array[0, 4].Select(ops => $"[{string.Join(',', ops)}]")), (1, Json(2)))),
        Field("timestamp", Timestamp),
        Field("source", Gen.OneOf("\"gm\"", "\"system\"", "\"GM\"", "null", "1", "\"\"")),
        (a, b, c, d, e, f) => $"{{{string.Join(',', new[] { a, b, c, d, e, f }.Where(x => x.Length > 0))}}}");

    /// <summary>Hub arguments of one method as a JSON array, the right count most of the time.</summary>
    public static Gen<(string Target, string Arguments)> Invocation(string sessionId)
    {
        var sessionArgument = Gen.Frequency((2, Gen.Const(JsonSerializer.Serialize(sessionId))), (3, StringLiteral), (1, Json(1)));
        return Gen.Frequency(
            (2, sessionArgument.Select(s => (HubProtocol.Methods.Join, $"[{s}]"))),
            (1, sessionArgument.Select(s => (HubProtocol.Methods.Leave, $"[{s}]"))),
            (2, sessionArgument.Select(s => (HubProtocol.Methods.RequestFull, $"[{s}]"))),
            (2, Gen.Select(sessionArgument, Version, (s, v) => (HubProtocol.Methods.RequestSince, $"[{s},{v}]"))),
            (6, Update(sessionId).Select(u => (HubProtocol.Methods.Update, $"[{u}]"))),
            (1, Gen.Select(Gen.OneOf(HubProtocol.Methods.Update, HubProtocol.Methods.Join, HubProtocol.Methods.RequestSince, HubProtocol.Methods.Revert, "nope", ""),
                Json(2).Array[0, 3], (t, args) => (t, $"[{string.Join(',', args)}]"))));
    }

    /// <summary>A raw hub frame: a message of any type and fields, broken JSON, or bytes that are not even UTF-8.</summary>
    public static readonly Gen<byte[]> Frame = Gen.Frequency(
        (5, Gen.Select(
            Gen.Frequency((3, Gen.Int[-3, 15].Select(t => t.ToString(CultureInfo.InvariantCulture))), (1, Json(0))),
            Gen.Select(Gen.OneOf("invocationId", "target", "arguments", "streamIds", "item", "result", "error", "headers", "allowReconnect", "sequenceId", "x"), Json(2))
                .Array[0, 5],
            (type, fields) => Encoding.UTF8.GetBytes(
                $"{{\"type\":{type}{string.Concat(fields.Select(f => $",{JsonSerializer.Serialize(f.Item1)}:{f.Item2}"))}}}\u001e"))),
        (1, Json(3).Select(json => Encoding.UTF8.GetBytes(json + "\u001e"))),
        (1, Gen.OneOf("{", "{\"type\":1,", "]", "{\"type\":1}{\"type\":1}", "{\"type\":1,\"target\":\"" + HubProtocol.Methods.RequestFull + "\",\"arguments\":[\"s\"]", "\u001e\u001e")
            .Select(text => Encoding.UTF8.GetBytes(text + "\u001e"))),
        (1, Gen.Byte.Array[1, 64].Select(bytes => bytes.Append((byte)0x1e).ToArray())));

    private static Gen<string> Field(string name, Gen<string> value) =>
        Gen.Frequency((8, value.Select(v => $"\"{name}\":{v}")), (1, Gen.Const("")));
}
