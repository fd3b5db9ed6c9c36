using System.Text.Json;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Plugins;

/// <summary>
/// Builds <see cref="StateOperation"/>s from .NET values (serialised with the contract's camelCase JSON options;
/// a <see cref="JsonElement"/> or <see cref="System.Text.Json.Nodes.JsonNode"/> is taken as is). Paths are checked
/// with <see cref="StatePaths.Absolute"/>.
/// </summary>
public static class StateOps
{
    public static StateOperation Set(string path, object? value) => new(StatePaths.Absolute(path), OperationKinds.Set, ToElement(value));

    public static StateOperation Unset(string path) => new(StatePaths.Absolute(path), OperationKinds.Unset);

    /// <summary>Adds a finite number (a missing target becomes the number).</summary>
    public static StateOperation Inc(string path, double amount)
    {
        if (!double.IsFinite(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "inc needs a finite number.");
        }

        return new(StatePaths.Absolute(path), OperationKinds.Inc, ToElement(amount));
    }

    /// <summary>Adds an integer (integer plus integer stays an integer on the server).</summary>
    public static StateOperation Inc(string path, long amount) => new(StatePaths.Absolute(path), OperationKinds.Inc, ToElement(amount));

    public static StateOperation Push(string path, object? value) => new(StatePaths.Absolute(path), OperationKinds.Push, ToElement(value));

    /// <summary>Removes every matching element (an object value matches elements holding all its keys).</summary>
    public static StateOperation Pull(string path, object? value) => new(StatePaths.Absolute(path), OperationKinds.Pull, ToElement(value));

    /// <summary>A value as the JSON that travels.</summary>
    public static JsonElement ToElement(object? value) => value switch
    {
        JsonElement element => element.ValueKind == JsonValueKind.Undefined
            ? throw new ArgumentException("An undefined JsonElement is not a value.", nameof(value))
            : element.Clone(),
        _ => JsonSerializer.SerializeToElement(value, ContractJson.Options),
    };
}
