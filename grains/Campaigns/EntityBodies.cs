using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Grains.Entities;
using Orleans.GameState.Grains.WriteThrough;

namespace Orleans.GameState.Grains.Campaigns;

/// <summary>An entity body accepted from the API or an import: a JSON object with a non-empty string id.</summary>
public readonly record struct EntityBody(string Id, string Json, bool Deleted);

/// <summary>Validates entity bodies and assigns ids, for the REST API and the import alike.</summary>
public static class EntityBodies
{
    /// <summary>
    /// Duplicate keys are refused here, as the state engine refuses them: a body a session could not hold must not
    /// be stored (and a duplicate would otherwise surface as an exception on first access to the object).
    /// </summary>
    /// <remarks>The depth limit is the one sessions hold entities to (<see cref="GameStateDocument.MaxEntityDepth"/>).</remarks>
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false, MaxDepth = GameStateDocument.MaxEntityDepth };

    /// <summary>The prefix of ids the server assigns, per kind ("char-…", "enc-…").</summary>
    public static string IdPrefix(string kind) => kind switch
    {
        EntityKinds.Characters => "char",
        EntityKinds.Actors => "actor",
        EntityKinds.Items => "item",
        EntityKinds.Encounters => "enc",
        EntityKinds.Maps => "map",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown entity kind."),
    };

    /// <summary>
    /// Parses <paramref name="json"/>. When <paramref name="requiredId"/> is given (PUT), an absent id takes that
    /// value and a different one is an error; otherwise an absent id is assigned when <paramref name="assignId"/>.
    /// Answers the error message (naming the bad place) or null. <paramref name="ids"/> is the configured id rule
    /// (<c>Limits:MaxIdLength</c>), the one sessions hold entity ids to, so an entity stored here fits a session.
    /// </summary>
    public static string? TryParse(string json, string kind, string? requiredId, bool assignId, IdRule ids, out EntityBody body)
    {
        body = default;
        if (!TextRules.HasValidStrings(System.Text.Encoding.UTF8.GetBytes(json)))
        {
            // Checked here too for imports: such a body could be neither stored nor held by a session.
            return "body: a string in it is not valid Unicode (an escaped lone surrogate such as \\ud800).";
        }

        JsonObject entity;
        try
        {
            if (JsonNode.Parse(json, nodeOptions: null, ParseOptions) is not JsonObject parsed)
            {
                return "body: an entity must be a JSON object.";
            }

            entity = parsed;
        }
        catch (JsonException e)
        {
            return $"body: not valid JSON, or nested more than {GameStateDocument.MaxEntityDepth} levels deep ({e.Message}).";
        }

        string id;
        if (!entity.TryGetPropertyValue(EntityJson.IdProperty, out var idNode))
        {
            if (requiredId is null && !assignId)
            {
                return "id: required.";
            }

            id = requiredId ?? $"{IdPrefix(kind)}-{Guid.NewGuid():N}";
            entity.Insert(0, EntityJson.IdProperty, id);
        }
        else if (idNode?.GetValueKind() != JsonValueKind.String || string.IsNullOrEmpty(id = idNode.GetValue<string>()))
        {
            return "id: must be a non-empty string.";
        }
        else if (IdViolation(id, ids) is { } badId)
        {
            return badId;
        }
        else if (requiredId is not null && id != requiredId)
        {
            return $"id: '{id}' does not match the id in the path, '{requiredId}'.";
        }

        if (SessionShapeViolation(kind, entity, ids) is { } violation)
        {
            return $"{violation.Message}.";
        }

        var text = EntityJson.Write(entity);
        body = new EntityBody(id, text, EntityJson.IsDeleted(EntityJson.Parse(text)));
        return null;
    }

    /// <summary>
    /// An id must name the entity in its URL, <c>/api/campaigns/{cid}/{kind}/{id}</c>, and in storage: "." and ".."
    /// are path steps no client can send as a segment; otherwise the one id rule (not blank, not too long, no U+0000).
    /// </summary>
    private static string? IdViolation(string id, IdRule ids) => id switch
    {
        "." or ".." => $"id: '{id}' cannot be used: it is a path step in the entity's URL.",
        _ => ids.Check(id, "id")?.Message,
    };

    /// <summary>
    /// A replaced entity goes into every live session holding it exactly as sent (docs/api.md section 3), so a body must
    /// keep the shape rules of section 6 that apply where a session holds it. For every kind that is the object with
    /// a non-empty string id checked above (an id that matches the entity's keeps it unique in its array). An encounter
    /// also carries its tokens, which a session holds as <c>currentEncounter.tokens</c>: when present, an array of
    /// objects each with a unique non-empty string id. Absent tokens mean none.
    /// </summary>
    private static ShapeViolation? SessionShapeViolation(string kind, JsonObject entity, IdRule ids) =>
        kind == EntityKinds.Encounters && entity.TryGetPropertyValue(EntityProjection.TokensProperty, out var tokens)
            ? EntityArrayRule.Check(tokens, EntityProjection.TokensProperty, ids)
            : null;
}
