using System.Text.Json;
using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>The campaign routes of docs/api.md section 3. Roles are decided by the campaign grain.</summary>
/// <remarks>
/// Bodies and query flags are read by the endpoints themselves (<see cref="RequestBodyReader"/>, <see cref="QueryFlag"/>),
/// not bound by the framework, so that every bad input is answered with the contract's error body.
/// </remarks>
public static class CampaignEndpoints
{
    private const string IncludeDeleted = "includeDeleted";

    public static void MapCampaigns(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/campaigns").RequireAuthorization();

        campaigns.MapPost("/", async (HttpContext http, IClusterClient cluster) =>
        {
            var body = await RequestBodyReader.ReadAsync<CreateCampaignRequest>(http.Request);
            if (body.Failed)
            {
                return body.Error;
            }

            if (string.IsNullOrWhiteSpace(body.Value.Name))
            {
                return ApiErrors.Validation("name: required.");
            }

            var id = $"c-{Guid.NewGuid():N}";
            var info = await cluster.GetGrain<ICampaignGrain>(id).CreateAsync(body.Value.Name, http.User.Id());
            http.Response.Headers.Location = ResourceLocations.Campaign(info.Id);
            return Results.Json(new CampaignResponse(info.Id, info.Name, info.GmUserId), ContractJson.Options, statusCode: StatusCodes.Status201Created);
        });

        campaigns.MapPost("/{campaignId}/members", async (string campaignId, HttpContext http, IClusterClient cluster) =>
        {
            var body = await RequestBodyReader.ReadAsync<AddMemberRequest>(http.Request);
            if (body.Failed)
            {
                return body.Error;
            }

            return string.IsNullOrWhiteSpace(body.Value.UserId)
                ? ApiErrors.Validation("userId: required.")
                : Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).AddMemberAsync(http.User.Id(), body.Value.UserId), StatusCodes.Status204NoContent);
        });

        campaigns.MapPost("/{campaignId}/sessions", async (string campaignId, HttpContext http, IClusterClient cluster) =>
            Created(http, await cluster.GetGrain<ICampaignGrain>(campaignId).CreateSessionAsync(http.User.Id()),
                created => StringProperty(created, "sessionId") is { } sessionId ? ResourceLocations.SessionState(sessionId) : null));

        campaigns.MapPost("/{campaignId}/{kind}", async (string campaignId, string kind, HttpContext http, IClusterClient cluster) =>
        {
            var (body, invalid) = await ReadEntityAsync(kind, http);
            return invalid
                ?? Created(http, await cluster.GetGrain<ICampaignGrain>(campaignId).CreateEntityAsync(http.User.Id(), kind, body!),
                    created => StringProperty(created, "id") is { } id ? ResourceLocations.Entity(campaignId, kind, id) : null);
        });

        campaigns.MapPut("/{campaignId}/{kind}/{id}", async (string campaignId, string kind, string id, HttpContext http, IClusterClient cluster) =>
        {
            var (body, invalid) = await ReadEntityAsync(kind, http);
            return invalid
                ?? Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).ReplaceEntityAsync(
                    http.User.Id(), kind, EntityIdSegment.Decode(http, id), body!), StatusCodes.Status200OK);
        });

        campaigns.MapGet("/{campaignId}/{kind}/{id}", async (string campaignId, string kind, string id, HttpContext http, IClusterClient cluster) =>
            CheckKind(kind) ?? Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).GetEntityAsync(
                http.User.Id(), kind, EntityIdSegment.Decode(http, id)), StatusCodes.Status200OK));

        campaigns.MapGet("/{campaignId}/{kind}", async (string campaignId, string kind, HttpContext http, IClusterClient cluster) =>
        {
            if (CheckKind(kind) is { } unknownKind)
            {
                return unknownKind;
            }

            if (!QueryFlag.TryRead(http.Request, IncludeDeleted, out var includeDeleted, out var invalid))
            {
                return ApiErrors.Of(invalid);
            }

            return Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).ListEntitiesAsync(http.User.Id(), kind, includeDeleted), StatusCodes.Status200OK);
        });
    }

    /// <summary>The entity body of a POST or PUT as JSON text, or the answer refusing the kind or the body.</summary>
    private static async Task<(string? Body, IResult? Invalid)> ReadEntityAsync(string kind, HttpContext http)
    {
        if (CheckKind(kind) is { } unknownKind)
        {
            return (null, unknownKind);
        }

        var body = await RequestBodyReader.ReadJsonAsync(http.Request);
        if (body.Failed)
        {
            return (null, body.Error);
        }

        return (CheckEntity(body.Value) ?? CheckEntityId(body.Value, http)) is { } invalid ? (null, invalid) : (body.Value.GetRawText(), null);
    }

    /// <summary>A body's string <c>id</c> follows the id rule (absent: the server assigns one; not a string: the grain says).</summary>
    private static IResult? CheckEntityId(JsonElement body, HttpContext http) =>
        body.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            && http.RequestServices.GetRequiredService<IdRule>().Check(id.GetString(), "id") is { } invalid
            ? ApiErrors.Of(invalid)
            : null;

    private static IResult? CheckKind(string kind) =>
        EntityKinds.IsKnown(kind) ? null : ApiErrors.Validation($"kind: '{kind}' is not one of {string.Join(", ", EntityKinds.All)}.");

    private static IResult? CheckEntity(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object ? null : ApiErrors.Validation("body: an entity must be a JSON object.");

    /// <summary>A 201 with the <c>Location</c> of what was made, read off the reply's body.</summary>
    private static IResult Created(HttpContext http, CampaignReply reply, Func<JsonElement, string?> location)
    {
        if (reply is { Error: null, Json: { } json })
        {
            using var created = JsonDocument.Parse(json);
            if (location(created.RootElement) is { } url)
            {
                http.Response.Headers.Location = url;
            }
        }

        return Reply(reply, StatusCodes.Status201Created);
    }

    private static string? StringProperty(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IResult Reply(CampaignReply reply, int successStatus) => reply switch
    {
        { Error: { } error } => ApiErrors.Of(error),
        { Json: { } json } when successStatus != StatusCodes.Status204NoContent => Results.Text(json, "application/json", statusCode: successStatus),
        _ => Results.StatusCode(successStatus),
    };
}
