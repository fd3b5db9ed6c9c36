using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Gateway.FunctionalTests;

/// <summary>
/// A member's copy of a session built only from what they received: a state (join, requestFull, state?at), then
/// <c>gameState:updated</c> payloads applied in order, as a client SDK keeps it.
/// </summary>
internal sealed class MemberCopy
{
    private readonly GameStateDocument _copy;

    public MemberCopy(string stateJson)
    {
        _copy = GameStateDocument.Parse(stateJson);
        Version = _copy.Version;
    }

    /// <summary>The version the copy is at (an empty broadcast moves it without changing the document).</summary>
    public long Version { get; private set; }

    public JsonNode State => JsonNode.Parse(_copy.ToJsonString())!;

    /// <summary>Applies the next broadcast; it must follow the copy's version, and its operations must apply.</summary>
    public void Apply(JsonElement updated)
    {
        var newVersion = long.Parse(updated.GetProperty("newVersion").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(Version + 1, newVersion);
        var operations = updated.GetProperty("operations").Deserialize<List<StateOperation>>(ContractJson.Options)!;
        if (operations.Count > 0)
        {
            var applied = _copy.Apply(operations, 0);
            Assert.True(applied.Success, $"version {newVersion}: {applied.Error?.Message} in {updated.GetRawText()}");
        }

        Version = newVersion;
    }
}
