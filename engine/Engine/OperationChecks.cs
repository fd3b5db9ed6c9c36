using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Engine;

internal enum OpKind : byte
{
    Set,
    Unset,
    Inc,
    Push,
    Pull,
}

internal readonly record struct ParsedOperation(OpKind Kind, string[] Segments);

/// <summary>The checks an operation list must pass before it touches any state (CONTRACT sections 5 and 6).</summary>
internal static class OperationChecks
{
    public static readonly string[] Roots = ["characters", "actors", "items", "currentEncounter", "pluginData"];

    /// <summary>
    /// Checks the list and every operation's form. <paramref name="limits"/> null skips the configurable limits
    /// (operation count, path depth), for callers that do not know them.
    /// </summary>
    public static ErrorInfo? Check(IReadOnlyList<StateOperation>? operations, StateLimits? limits, out ParsedOperation[] parsed, bool allowEmpty = false)
    {
        parsed = [];
        if (operations is null || (operations.Count == 0 && !allowEmpty))
        {
            return Invalid("operations: an update needs at least one operation");
        }

        if (limits is not null && operations.Count > limits.MaxOperationsPerUpdate)
        {
            return Invalid($"operations: {operations.Count} operations exceed the limit of {limits.MaxOperationsPerUpdate} per update");
        }

        var result = new ParsedOperation[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            if (CheckOne(operations[i], i, limits, out result[i]) is { } error)
            {
                return error;
            }
        }

        parsed = result;
        return null;
    }

    private static ErrorInfo? CheckOne(StateOperation? op, int i, StateLimits? limits, out ParsedOperation parsed)
    {
        parsed = default;
        if (op is null)
        {
            return Invalid($"operations[{i}]: must be an operation object");
        }

        var path = op.Path;
        if (string.IsNullOrEmpty(path))
        {
            return Invalid($"operations[{i}].path: must be a non-empty string");
        }

        var depth = path.AsSpan().Count('.') + 1;
        if (limits is not null && depth > limits.MaxPathDepth)
        {
            return Invalid(path.Length > 200 ? path[..200] + "…" : path, $"path depth {depth} exceeds the limit of {limits.MaxPathDepth}", i);
        }

        var segments = path.Split('.');
        for (var k = 0; k < segments.Length; k++)
        {
            if (segments[k].Length == 0)
            {
                return Invalid(path, $"path segment {k + 1} is empty", i);
            }
        }

        if (Array.IndexOf(Roots, segments[0]) < 0)
        {
            return Invalid(path, "the first path segment must be one of characters, actors, items, currentEncounter, pluginData", i);
        }

        OpKind kind;
        switch (op.Operation)
        {
            case OperationKinds.Set: kind = OpKind.Set; break;
            case OperationKinds.Unset: kind = OpKind.Unset; break;
            case OperationKinds.Inc: kind = OpKind.Inc; break;
            case OperationKinds.Push: kind = OpKind.Push; break;
            case OperationKinds.Pull: kind = OpKind.Pull; break;
            default:
                return Invalid(path, $"unknown operation '{op.Operation}' (expected set, unset, inc, push or pull)", i);
        }

        if (kind != OpKind.Unset && !op.HasValue)
        {
            return Invalid(path, $"{op.Operation} requires a value", i);
        }

        if (kind == OpKind.Inc && !IsFiniteNumber(op.Value))
        {
            return Invalid(path, "inc value must be a finite number", i);
        }

        if (kind == OpKind.Unset && segments.Length == 1)
        {
            return Invalid(path, segments[0] == "currentEncounter"
                ? "a root cannot be unset (set currentEncounter to null to end an encounter)"
                : "a root cannot be unset", i);
        }

        parsed = new ParsedOperation(kind, segments);
        return null;
    }

    private static bool IsFiniteNumber(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
        && double.TryParse(JsonMarshal.GetRawUtf8Value(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
        && double.IsFinite(d);

    private static ErrorInfo Invalid(string path, string rule, int index) =>
        Invalid($"{StateValidationException.Format(path, rule)} (operations[{index}])");

    internal static ErrorInfo Invalid(string message) => new(ErrorCodes.ValidationError, message);
}
