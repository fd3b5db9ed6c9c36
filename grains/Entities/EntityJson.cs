using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Grains.Entities;

/// <summary>
/// The few things the server knows about an entity body, which is otherwise opaque: its string <c>id</c> and
/// whether it carries <c>"deleted": true</c>. Deletion is that field and nothing else, so what GET answers is
/// exactly what is stored.
/// </summary>
public static class EntityJson
{
    public const string IdProperty = "id";
    public const string DeletedProperty = "deleted";

    /// <summary>Written as compact JSON with only the escaping JSON requires, so text reads the same in psql as it was sent.</summary>
    private static readonly JsonSerializerOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node) => node.ToJsonString(WriteOptions);

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static bool IsDeleted(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty(DeletedProperty, out var deleted)
        && deleted.ValueKind == JsonValueKind.True;

    /// <summary>The same body with <c>"deleted": true</c> (the body is kept: a deleted entity still answers GET).</summary>
    public static JsonElement MarkDeleted(JsonElement body)
    {
        if (IsDeleted(body))
        {
            return body;
        }

        var node = JsonNode.Parse(body.GetRawText())!.AsObject();
        node[DeletedProperty] = true;
        return Parse(Write(node));
    }

    /// <summary>The body of an entity that appeared and disappeared between two flushes: only its id is known.</summary>
    public static JsonElement DeletedStub(string id) =>
        Parse(Write(new JsonObject { [IdProperty] = id, [DeletedProperty] = true }));
}
