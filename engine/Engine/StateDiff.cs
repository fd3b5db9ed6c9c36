using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Engine;

/// <summary>
/// The path operations that turn one game state into another (what a revert applies): object keys one by one,
/// entity arrays by id (removed ones pulled, kept ones changed in place, new ones pushed), other arrays by index
/// when only their tail changed, and a <c>set</c> of the enclosing value wherever a finer operation cannot say it
/// (entities reordered or inserted in the middle, a key no path can name, a path past the depth limit).
/// </summary>
/// <remarks>
/// Objects are compared regardless of key order (as the contract's deep equality does), so the result equals the
/// target by value; a key the target has and the source lacks is added at the end of its object.
/// </remarks>
internal sealed class StateDiff
{
    private static readonly string[] DiffedRoots =
    [
        GameStateDocument.CharactersKey, GameStateDocument.ActorsKey, GameStateDocument.ItemsKey,
        GameStateDocument.CurrentEncounterKey, GameStateDocument.PluginDataKey,
    ];

    private readonly StateLimits _limits;
    private readonly List<StateOperation> _operations = [];

    private StateDiff(StateLimits limits) => _limits = limits;

    /// <summary>
    /// The operations taking <paramref name="from"/> to <paramref name="to"/>; empty when they already hold the same
    /// values. Never more than <see cref="StateLimits.MaxOperationsPerUpdate"/>: past it, each differing root is set whole.
    /// </summary>
    public static IReadOnlyList<StateOperation> Between(JsonObject from, JsonObject to, StateLimits limits)
    {
        var diff = new StateDiff(limits);
        foreach (var root in DiffedRoots)
        {
            diff.Value(root, 1, from[root], to[root]);
        }

        if (diff._operations.Count <= limits.MaxOperationsPerUpdate)
        {
            return diff._operations;
        }

        var coarse = new List<StateOperation>();
        foreach (var root in DiffedRoots)
        {
            if (!JsonValues.DeepEquals(from[root], to[root]))
            {
                coarse.Add(Set(root, to[root]));
            }
        }

        return coarse;
    }

    private void Value(string path, int depth, JsonNode? from, JsonNode? to)
    {
        if (JsonValues.DeepEquals(from, to))
        {
            return;
        }

        switch (from, to)
        {
            case (JsonObject fromObject, JsonObject toObject) when CanDescend(depth, toObject, fromObject):
                Object(path, depth, fromObject, toObject);
                break;
            case (JsonArray fromArray, JsonArray toArray) when depth < _limits.MaxPathDepth:
                if (IsEntityArray(path))
                {
                    EntityArray(path, depth, fromArray, toArray);
                }
                else
                {
                    FreeArray(path, depth, fromArray, toArray);
                }

                break;
            default:
                _operations.Add(Set(path, to));
                break;
        }
    }

    /// <summary>Key by key only when every key that differs can be named in a path one level further down.</summary>
    private bool CanDescend(int depth, JsonObject to, JsonObject from)
    {
        if (depth >= _limits.MaxPathDepth)
        {
            return false;
        }

        foreach (var (key, _) in to)
        {
            if (!IsNameable(key) && !(from.TryGetPropertyValue(key, out var old) && JsonValues.DeepEquals(old, to[key])))
            {
                return false;
            }
        }

        foreach (var (key, _) in from)
        {
            if (!IsNameable(key) && !to.ContainsKey(key))
            {
                return false;
            }
        }

        return true;
    }

    private void Object(string path, int depth, JsonObject from, JsonObject to)
    {
        foreach (var (key, _) in from)
        {
            if (!to.ContainsKey(key))
            {
                _operations.Add(new StateOperation($"{path}.{key}", OperationKinds.Unset));
            }
        }

        foreach (var (key, value) in to)
        {
            if (from.TryGetPropertyValue(key, out var old))
            {
                Value($"{path}.{key}", depth + 1, old, value);
            }
            else
            {
                _operations.Add(Set($"{path}.{key}", value));
            }
        }
    }

    /// <summary>
    /// By id: pull the entities the target lacks, then change the kept ones where they now sit and push the new ones,
    /// when that yields the target's order; otherwise one <c>set</c> of the whole array.
    /// </summary>
    private void EntityArray(string path, int depth, JsonArray from, JsonArray to)
    {
        var target = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var element in to)
        {
            if (!JsonValues.TryGetEntityId(element, out var id) || !target.TryAdd(id, element))
            {
                _operations.Add(Set(path, to));
                return;
            }
        }

        var kept = new List<(string Id, JsonNode? Element)>();
        var removed = new List<string>();
        foreach (var element in from)
        {
            if (!JsonValues.TryGetEntityId(element, out var id))
            {
                _operations.Add(Set(path, to));
                return;
            }

            if (target.ContainsKey(id))
            {
                kept.Add((id, element));
            }
            else
            {
                removed.Add(id);
            }
        }

        // The kept entities must already stand in the target's order, in front of every new one.
        for (var i = 0; i < kept.Count; i++)
        {
            if (!JsonValues.TryGetEntityId(to[i], out var id) || id != kept[i].Id)
            {
                _operations.Add(Set(path, to));
                return;
            }
        }

        foreach (var id in removed)
        {
            _operations.Add(new StateOperation(path, OperationKinds.Pull, IdPattern(id)));
        }

        for (var i = 0; i < kept.Count; i++)
        {
            Value($"{path}.{Index(i)}", depth + 1, kept[i].Element, to[i]);
        }

        for (var i = kept.Count; i < to.Count; i++)
        {
            _operations.Add(new StateOperation(path, OperationKinds.Push, Element(to[i])));
        }
    }

    /// <summary>By index when only the tail grew or shrank (or nothing did); otherwise one <c>set</c> of the array.</summary>
    private void FreeArray(string path, int depth, JsonArray from, JsonArray to)
    {
        var common = Math.Min(from.Count, to.Count);
        if (from.Count != to.Count)
        {
            for (var i = 0; i < common; i++)
            {
                if (!JsonValues.DeepEquals(from[i], to[i]))
                {
                    _operations.Add(Set(path, to));
                    return;
                }
            }
        }

        for (var i = from.Count - 1; i >= to.Count; i--)
        {
            _operations.Add(new StateOperation($"{path}.{Index(i)}", OperationKinds.Unset));
        }

        for (var i = 0; i < common; i++)
        {
            Value($"{path}.{Index(i)}", depth + 1, from[i], to[i]);
        }

        for (var i = from.Count; i < to.Count; i++)
        {
            _operations.Add(new StateOperation(path, OperationKinds.Push, Element(to[i])));
        }
    }

    private static bool IsEntityArray(string path) =>
        path is GameStateDocument.CharactersKey or GameStateDocument.ActorsKey or GameStateDocument.ItemsKey or "currentEncounter.tokens";

    /// <summary>A key a path can name: not empty, without a dot.</summary>
    private static bool IsNameable(string key) => key.Length > 0 && !key.Contains('.', StringComparison.Ordinal);

    private static StateOperation Set(string path, JsonNode? value) => new(path, OperationKinds.Set, Element(value));

    private static JsonElement Element(JsonNode? value) => JsonText.Snapshot(value, out _);

    private static JsonElement IdPattern(string id) => JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["id"] = id });

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
