using Orleans.GameState.Engine;

namespace Orleans.GameState.Client.Plugins;

/// <summary>
/// Builds and checks the dotted paths of docs/api.md section 6, so callers never concatenate them by hand.
/// Every check throws <see cref="ArgumentException"/> naming the offending part.
/// </summary>
public static class StatePaths
{
    /// <summary>The roots an operation may write.</summary>
    public static IReadOnlyList<string> WritableRoots { get; } = ["characters", "actors", "items", "currentEncounter", "pluginData"];

    /// <summary>The entity arrays that are found by id.</summary>
    public static IReadOnlyList<string> EntityArrays { get; } = ["characters", "actors", "items", "tokens"];

    /// <summary>Checks one key: non-empty, no '.' inside (a '.' separates segments).</summary>
    /// <exception cref="ArgumentException">The key is empty or holds a '.'.</exception>
    public static string Segment(string key, string? parameterName = null)
    {
        parameterName ??= nameof(key);
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length == 0)
        {
            throw new ArgumentException("A path segment must not be empty.", parameterName);
        }

        if (key.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' holds a '.', which separates path segments; keys with dots cannot be addressed.", parameterName);
        }

        return key;
    }

    /// <summary>Checks a relative dotted path ("stats.hp"): at least one segment, none empty.</summary>
    /// <exception cref="ArgumentException">The path is empty or has an empty segment.</exception>
    public static string[] Relative(string path, string? parameterName = null)
    {
        parameterName ??= nameof(path);
        ArgumentNullException.ThrowIfNull(path, parameterName);
        if (path.Length == 0)
        {
            throw new ArgumentException("The path must not be empty.", parameterName);
        }

        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length == 0)
            {
                throw new ArgumentException($"The path '{path}' has an empty segment (at position {i}): segments are separated by single dots.", parameterName);
            }
        }

        return segments;
    }

    /// <summary>Joins checked keys into a path: each must be a valid <see cref="Segment"/>.</summary>
    public static string Join(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0)
        {
            throw new ArgumentException("A path needs at least one segment.", nameof(keys));
        }

        foreach (var key in keys)
        {
            Segment(key, nameof(keys));
        }

        return string.Join('.', keys);
    }

    /// <summary>Checks a full path as the server will: segments non-empty, the first a writable root, and (when given) the depth limit.</summary>
    /// <exception cref="ArgumentException">The path could never be valid.</exception>
    public static string Absolute(string path, int maxDepth = int.MaxValue, string? parameterName = null)
    {
        parameterName ??= nameof(path);
        var segments = Relative(path, parameterName);
        if (!WritableRoots.Contains(segments[0], StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"The path '{path}' must start with one of {string.Join(", ", WritableRoots)} (stateVersion and lastUpdated cannot be written).",
                parameterName);
        }

        if (segments.Length > maxDepth)
        {
            throw new ArgumentException($"The path '{path}' has {segments.Length} segments, more than the limit of {maxDepth}.", parameterName);
        }

        return path;
    }

    /// <summary><c>pluginData.&lt;pluginId&gt;[.&lt;path&gt;]</c>.</summary>
    public static string PluginData(string pluginId, string? path = null)
    {
        Segment(pluginId, nameof(pluginId));
        return path is null ? $"pluginData.{pluginId}" : $"pluginData.{pluginId}.{string.Join('.', Relative(path))}";
    }

    /// <summary>
    /// The path of an entity (found by id in the current state) or of something inside it:
    /// <c>characters.3[.&lt;path&gt;]</c>, or <c>currentEncounter.tokens.0[...]</c> for tokens.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No entity with that id in the state.</exception>
    public static string Entity(GameStateDocument state, string arrayName, string id, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var root = arrayName switch
        {
            "characters" or "actors" or "items" => arrayName,
            "tokens" or "currentEncounter.tokens" => "currentEncounter.tokens",
            _ => throw new ArgumentException($"'{arrayName}' is not one of {string.Join(", ", EntityArrays)}.", nameof(arrayName)),
        };
        if (path is not null)
        {
            Relative(path);
        }

        var index = state.IndexOfEntity(arrayName == "currentEncounter.tokens" ? "tokens" : arrayName, id);
        if (index < 0)
        {
            throw new KeyNotFoundException($"There is no entity with id '{id}' in {root} (state version {state.Version}).");
        }

        return path is null ? $"{root}.{index}" : $"{root}.{index}.{path}";
    }
}
