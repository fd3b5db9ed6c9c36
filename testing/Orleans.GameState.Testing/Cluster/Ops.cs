using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Testing;

/// <summary>Terse construction of state operations and updates for tests.</summary>
public static class Ops
{
    public static StateOperation Set(string path, object? value) => new(path, OperationKinds.Set, Json(value));

    public static StateOperation Unset(string path) => new(path, OperationKinds.Unset);

    public static StateOperation Inc(string path, object value) => new(path, OperationKinds.Inc, Json(value));

    public static StateOperation Push(string path, object? value) => new(path, OperationKinds.Push, Json(value));

    public static StateOperation Pull(string path, object? value) => new(path, OperationKinds.Pull, Json(value));

    public static JsonElement Json(object? value) => JsonSerializer.SerializeToElement(value, ContractJson.Options);

    public static StateUpdate Update(string sessionId, long version, params StateOperation[] operations) =>
        new($"u-{Guid.NewGuid():N}", sessionId, StateUpdateValidator.FormatVersion(version), operations, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), UpdateSources.Gm);

    /// <summary>A valid state at version 1 with one character, one actor and one item.</summary>
    public const string InitialState =
        """{"characters":[{"id":"c1","name":"Aria","hp":10}],"actors":[{"id":"a1","name":"Goblin"}],"items":[{"id":"i1","name":"Rope"}],"currentEncounter":null,"pluginData":{},"stateVersion":"1","lastUpdated":0}""";
}
