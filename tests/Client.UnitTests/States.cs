using Orleans.GameState.Client.Internal;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Client.UnitTests;

internal static class States
{
    public const string SessionId = "s-1";

    public const string Initial =
        """
        {"characters":[{"id":"c1","name":"Aria","hp":10,"pluginData":{"hitPoints":{"current":10,"max":12}}},{"id":"c2","name":"Borin","hp":8}],
         "actors":[{"id":"a1","name":"Goblin","pluginData":{"cr":"1/4"}}],
         "items":[{"id":"i1","name":"Rope"}],
         "currentEncounter":{"encounter":{"id":"e1"},"map":null,"tokens":[{"id":"t1","x":0}]},
         "pluginData":{"dnd5e":{"rules":"2024","dice":{"advantage":true}}},
         "stateVersion":"1","lastUpdated":0}
        """;

    public static GameStateDocument Document(string json = Initial) => StateReplica.ParseState(System.Text.Encoding.UTF8.GetBytes(json));

    public static StateReplica Replica(string json = Initial)
    {
        var replica = new StateReplica();
        replica.Replace(Document(json), GameStateChangeKind.Replaced);
        return replica;
    }

    public static UpdateBroadcast Broadcast(long newVersion, params StateOperation[] operations) =>
        new(SessionId, $"u-{newVersion}", (newVersion - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            newVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), operations, 1000 + newVersion, UpdateSources.Gm);

    /// <summary>A number of the state, whatever .NET type the engine holds it in.</summary>
    public static long Int(System.Text.Json.Nodes.JsonNode? node) => JsonCopy.Detach(node)!.GetValue<long>();

    public static StateUpdate Sent(long version, params StateOperation[] operations) =>
        new($"u-sent-{version}", SessionId, version.ToString(System.Globalization.CultureInfo.InvariantCulture), operations, 5000, UpdateSources.Gm);
}
