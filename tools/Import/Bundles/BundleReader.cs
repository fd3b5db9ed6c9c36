using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Import.Bundles;

/// <summary>
/// Reads and validates a whole bundle before anything is written. Every problem is reported with the JSON
/// path of the bad place (e.g. <c>$.entities.characters[3].id</c>); a bundle with any problem is refused.
/// </summary>
public static class BundleReader
{
    public const string Format = "gamestate-campaign-bundle/1";

    private const int MaxErrors = 50;

    private static readonly string[] RootKeys = ["format", "campaign", "entities", "sessions"];
    private static readonly string[] CampaignKeys = ["id", "name", "gmUserId", "memberUserIds"];
    private static readonly string[] SessionKeys = ["id", "state"];
    private static readonly JsonSerializerOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The bundle, or null with <paramref name="errors"/> naming every problem found.</summary>
    public static CampaignBundle? Read(string json, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            problems.Add($"$: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}");
            return null;
        }

        if (root is not JsonObject bundle)
        {
            problems.Add("$: a bundle must be a JSON object.");
            return null;
        }

        CheckKeys(bundle, "$", RootKeys, problems);
        if (bundle["format"] is { } format && (format.GetValueKind() != JsonValueKind.String || format.GetValue<string>() != Format))
        {
            problems.Add($"$.format: must be \"{Format}\" when given.");
        }

        var campaign = ReadCampaign(bundle["campaign"], problems);
        var entities = ReadEntities(bundle["entities"], problems);
        var sessions = campaign is null ? [] : ReadSessions(bundle["sessions"], campaign.Value.Id, entities, problems);
        if (problems.Count > 0 || campaign is null)
        {
            if (problems.Count > MaxErrors)
            {
                problems.RemoveRange(MaxErrors, problems.Count - MaxErrors);
                problems.Add("… more problems not shown.");
            }

            return null;
        }

        var (id, name, gm, members) = campaign.Value;
        return new CampaignBundle(
            id, name, gm, members,
            entities.ToDictionary(e => e.Key, e => (IReadOnlyList<BundleEntity>)e.Value.Values.ToList(), StringComparer.Ordinal),
            sessions);
    }

    /// <summary>The campaign id of a bundle without one: derived from GM and name, so that re-imports find it.</summary>
    public static string DerivedCampaignId(string gmUserId, string name) => "c-" + Hash($"campaign\n{gmUserId}\n{name}");

    /// <summary>The session id of a bundle session without one: derived from the campaign and its position.</summary>
    public static string DerivedSessionId(string campaignId, int index) =>
        "s-" + Hash($"session\n{campaignId}\n{index.ToString(CultureInfo.InvariantCulture)}");

    private static (string Id, string Name, string Gm, IReadOnlyList<string> Members)? ReadCampaign(JsonNode? node, List<string> problems)
    {
        if (node is not JsonObject campaign)
        {
            problems.Add("$.campaign: required, a JSON object with name and gmUserId.");
            return null;
        }

        CheckKeys(campaign, "$.campaign", CampaignKeys, problems);
        var name = RequiredString(campaign, "name", "$.campaign.name", problems);
        var gm = RequiredString(campaign, "gmUserId", "$.campaign.gmUserId", problems);
        var members = new List<string>();
        if (campaign["memberUserIds"] is { } memberNode)
        {
            if (memberNode is not JsonArray array)
            {
                problems.Add("$.campaign.memberUserIds: must be an array of user ids.");
            }
            else
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (NonEmptyString(array[i]) is { } member)
                    {
                        members.Add(member);
                    }
                    else
                    {
                        problems.Add($"$.campaign.memberUserIds[{i}]: must be a non-empty string.");
                    }
                }
            }
        }

        string? id = null;
        if (campaign.ContainsKey("id"))
        {
            id = NonEmptyString(campaign["id"]);
            if (!CampaignIds.IsCampaignId(id))
            {
                problems.Add("$.campaign.id: must look like \"c-\" followed by 32 lowercase hex digits (or be left out to derive one).");
                id = null;
            }
        }

        if (name is null || gm is null)
        {
            return null;
        }

        return (id ?? DerivedCampaignId(gm, name), name, gm, members.Where(m => m != gm).Distinct(StringComparer.Ordinal).ToList());
    }

    private static Dictionary<string, Dictionary<string, BundleEntity>> ReadEntities(JsonNode? node, List<string> problems)
    {
        var entities = EntityKinds.All.ToDictionary(k => k, _ => new Dictionary<string, BundleEntity>(StringComparer.Ordinal), StringComparer.Ordinal);
        if (node is null)
        {
            return entities;
        }

        if (node is not JsonObject byKind)
        {
            problems.Add("$.entities: must be an object of arrays by kind.");
            return entities;
        }

        foreach (var (kind, list) in byKind)
        {
            var path = $"$.entities.{kind}";
            if (!EntityKinds.IsKnown(kind))
            {
                problems.Add($"{path}: unknown kind; kinds are {string.Join(", ", EntityKinds.All)}.");
                continue;
            }

            if (list is not JsonArray array)
            {
                problems.Add($"{path}: must be an array of entities.");
                continue;
            }

            for (var i = 0; i < array.Count; i++)
            {
                var entityPath = $"{path}[{i}]";
                if (array[i] is not JsonObject entity)
                {
                    problems.Add($"{entityPath}: an entity must be a JSON object.");
                    continue;
                }

                if (NonEmptyString(entity["id"]) is not { } id)
                {
                    problems.Add($"{entityPath}.id: required, a non-empty string (ids make re-imports find what exists).");
                    continue;
                }

                // The grain refuses such an encounter too; finding it here keeps a bad bundle from being half imported.
                if (kind == EntityKinds.Encounters
                    && entity.TryGetPropertyValue("tokens", out var tokens)
                    && EntityArrayRule.Check(tokens, $"{entityPath}.tokens") is { } violation)
                {
                    problems.Add($"{violation.Message}.");
                    continue;
                }

                if (!entities[kind].TryAdd(id, new BundleEntity(id, entity.ToJsonString(WriteOptions))))
                {
                    problems.Add($"{entityPath}.id: '{id}' appears twice in {kind}.");
                }
            }
        }

        return entities;
    }

    private static List<BundleSession> ReadSessions(
        JsonNode? node, string campaignId, Dictionary<string, Dictionary<string, BundleEntity>> entities, List<string> problems)
    {
        var sessions = new List<BundleSession>();
        if (node is null)
        {
            return sessions;
        }

        if (node is not JsonArray array)
        {
            problems.Add("$.sessions: must be an array.");
            return sessions;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"$.sessions[{i}]";
            if (array[i] is not JsonObject session)
            {
                problems.Add($"{path}: a session must be a JSON object.");
                continue;
            }

            CheckKeys(session, path, SessionKeys, problems);
            var id = DerivedSessionId(campaignId, i);
            if (session.ContainsKey("id"))
            {
                var given = NonEmptyString(session["id"]);
                if (!CampaignIds.IsSessionId(given))
                {
                    problems.Add($"{path}.id: must look like \"s-\" followed by 32 lowercase hex digits (or be left out to derive one).");
                    continue;
                }

                id = given!;
            }

            if (!seen.Add(id))
            {
                problems.Add($"{path}.id: '{id}' appears twice.");
                continue;
            }

            string? stateJson = null;
            if (session["state"] is { } state)
            {
                stateJson = state.ToJsonString(WriteOptions);
                try
                {
                    var document = GameStateDocument.Parse(stateJson, StateLimits.Default);
                    AddStateEntities(document.ToJsonString(), entities);
                }
                catch (StateValidationException e)
                {
                    problems.Add($"{path}.state{(e.Path.Length == 0 ? string.Empty : "." + e.Path)}: {e.Rule}");
                    continue;
                }
            }

            sessions.Add(new BundleSession(id, stateJson));
        }

        return sessions;
    }

    /// <summary>
    /// The backing models of a session's state that the bundle does not list: created too, as write-through would
    /// have (an entity that appears in a state exists as a backing model). Listed entities win.
    /// </summary>
    private static void AddStateEntities(string stateJson, Dictionary<string, Dictionary<string, BundleEntity>> entities)
    {
        var state = JsonNode.Parse(stateJson)!.AsObject();
        foreach (var kind in new[] { EntityKinds.Characters, EntityKinds.Actors, EntityKinds.Items })
        {
            foreach (var entity in state[kind]!.AsArray().OfType<JsonObject>())
            {
                Add(kind, entity);
            }
        }

        if (state["currentEncounter"] is JsonObject current)
        {
            if (current["encounter"] is JsonObject encounter)
            {
                var body = encounter.DeepClone().AsObject();
                body["tokens"] = current["tokens"]?.DeepClone() ?? new JsonArray();
                Add(EntityKinds.Encounters, body);
            }

            if (current["map"] is JsonObject map)
            {
                Add(EntityKinds.Maps, map);
            }
        }

        void Add(string kind, JsonObject entity)
        {
            if (NonEmptyString(entity["id"]) is { } id && !entities[kind].ContainsKey(id))
            {
                entities[kind][id] = new BundleEntity(id, entity.ToJsonString(WriteOptions));
            }
        }
    }

    private static void CheckKeys(JsonObject value, string path, string[] allowed, List<string> problems)
    {
        foreach (var (key, _) in value)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                problems.Add($"{path}.{key}: unknown field; expected {string.Join(", ", allowed)}.");
            }
        }
    }

    private static string? RequiredString(JsonObject value, string key, string path, List<string> problems)
    {
        if (NonEmptyString(value[key]) is { } text)
        {
            return text;
        }

        problems.Add($"{path}: required, a non-empty string.");
        return null;
    }

    private static string? NonEmptyString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text ? text : null;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
