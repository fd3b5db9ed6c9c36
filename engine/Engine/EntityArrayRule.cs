using System.Text.Json.Nodes;

namespace Orleans.GameState.Engine;

/// <summary>
/// The rule docs/api.md section 6 sets for <c>characters</c>, <c>actors</c>, <c>items</c> and
/// <c>currentEncounter.tokens</c>: an array of objects, each with a string <c>id</c> that keeps <see cref="IdRule"/>
/// (not blank, not too long: the entry points' rule), unique within the array. The state's own shape check reports with it, and callers that must refuse a value before it reaches a
/// state (an encounter's <c>tokens</c> sent to the REST API, an import) check with it, so both word it the same.
/// </summary>
public static class EntityArrayRule
{
    /// <summary>Null when <paramref name="value"/> keeps the rule; otherwise the first offending place, under <paramref name="path"/>.</summary>
    /// <param name="ids">The id rule with the configured <c>Limits:MaxIdLength</c>; <see cref="IdRule.Default"/> when null.</param>
    public static ShapeViolation? Check(JsonNode? value, string path, IdRule? ids = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (value is not JsonArray array)
        {
            return new ShapeViolation(path, "must be an array of objects, each with a non-empty string id unique within it");
        }

        return FindInvalid(array, path, ids ?? IdRule.Default) ?? FindDuplicate(array, path) ?? FindInvalidVisibility(array, path);
    }

    /// <summary>The first element that is not an object with a string id keeping the id rule.</summary>
    internal static ShapeViolation? FindInvalid(JsonArray array, string path, IdRule ids)
    {
        for (var i = 0; i < array.Count; i++)
        {
            var element = array[i];
            if (element is not JsonObject)
            {
                return new ShapeViolation($"{path}.{i}", "must be an object with a non-empty string id");
            }

            if (!JsonValues.TryGetEntityId(element, out var id))
            {
                return new ShapeViolation($"{path}.{i}.id", "must be a non-empty string");
            }

            if (ids.Violation(id) is { } violation)
            {
                return new ShapeViolation($"{path}.{i}.id", violation);
            }
        }

        return null;
    }

    /// <summary>The first element whose <c>visibility</c> is not "gm", "all" or an array of user ids (docs/views.md).</summary>
    internal static ShapeViolation? FindInvalidVisibility(JsonArray array, string path)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (Views.EntityVisibility.Of(array[i]) == Views.EntityVisibility.Kind.Invalid)
            {
                return new ShapeViolation($"{path}.{i}.visibility", "must be \"gm\", \"all\" or an array of user ids");
            }
        }

        return null;
    }

    /// <summary>The first element whose id an earlier element already has.</summary>
    internal static ShapeViolation? FindDuplicate(JsonArray array, string path)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonValues.TryGetEntityId(array[i], out var id) && !seen.TryAdd(id, i))
            {
                return new ShapeViolation($"{path}.{i}.id", $"must be unique within {path}: '{id}' is also at {path}.{seen[id]}");
            }
        }

        return null;
    }
}
