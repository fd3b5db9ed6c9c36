using System.Text.Json.Nodes;

namespace Orleans.GameState.Client.Internal;

internal static class JsonCopy
{
    /// <summary>
    /// An independent copy of a node of the state, re-read from its JSON text: numbers then convert as callers expect
    /// (<c>GetValue&lt;int&gt;()</c> on 3 works whatever .NET type the engine holds it in), and the copy may be kept and changed.
    /// </summary>
    public static JsonNode? Detach(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());
}
