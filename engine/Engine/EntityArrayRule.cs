using System.Text.Json.Nodes;

namespace Orleans.GameState.Engine;

/// <summary>
/// The rule CONTRACT section 6 sets for <c>characters</c>, <c>actors</c>, <c>items</c> and
/// <c>currentEncounter.tokens</c>: an array of objects, each with a non-empty string <c>id</c>, unique within the
/// array. The state's own shape check reports with it, and callers that must refuse a value before it reaches a
/// state (an encounter's <c>tokens</c> sent to the REST API, an import) check with it, so both word it the same.
/// </summary>
public static class EntityArrayRule
{
    /// <summary>Null when <paramref name="value"/> keeps the rule; otherwise the first offending place, under <paramref name="path"/>.</summary>
    public static ShapeViolation? Check(JsonNode? value, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (value is not JsonArray array)
        {
            return new ShapeViolation(path, "must be an array of objects, each with a non-empty string id unique within it");
        }

        return FindInvalid(array, path) ?? FindDuplicate(array, path) ?? FindInvalidVisibility(array, path);
    }

    /// <summary>The first element that is not an object with a non-empty string id.</summary>
    internal static ShapeViolation? FindInvalid(JsonArray array, string path)
    {
        for (var i = 0; i < array.Count; i++)
        {
            var element = array[i];
            if (element is not JsonObject)
            {
                return new ShapeViolation($"{path}.{i}", "must be an object with a non-empty string id");
            }

            if (!JsonValues.TryGetEntityId(element, out _))
            {
                return new ShapeViolation($"{path}.{i}.id", "must be a non-empty string");
            }
        }

        return null;
    }

    /// <summary>The first element whose <c>visibility</c> is not "gm", "all" or an array of user ids (CONTRACT section 7).</summary>
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
