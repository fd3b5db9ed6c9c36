using System.Text.Json;
using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>The campaign routes of CONTRACT section 3. Roles are decided by the campaign grain.</summary>
public static class CampaignEndpoints
{
    public static void MapCampaigns(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/campaigns").RequireAuthorization();

        campaigns.MapPost("/", async (CreateCampaignRequest? body, HttpContext http, IClusterClient cluster) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Name))
            {
                return ApiErrors.Validation("name: required.");
            }

            var id = $"c-{Guid.NewGuid():N}";
            var info = await cluster.GetGrain<ICampaignGrain>(id).CreateAsync(body.Name, http.User.Id());
            return Results.Json(new CampaignResponse(info.Id, info.Name, info.GmUserId), ContractJson.Options, statusCode: StatusCodes.Status201Created);
        });

        campaigns.MapPost("/{campaignId}/members", async (string campaignId, AddMemberRequest? body, HttpContext http, IClusterClient cluster) =>
            string.IsNullOrWhiteSpace(body?.UserId)
                ? ApiErrors.Validation("userId: required.")
                : Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).AddMemberAsync(http.User.Id(), body.UserId), StatusCodes.Status204NoContent));

        campaigns.MapPost("/{campaignId}/sessions", async (string campaignId, HttpContext http, IClusterClient cluster) =>
            Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).CreateSessionAsync(http.User.Id()), StatusCodes.Status201Created));

        campaigns.MapPost("/{campaignId}/{kind}", async (string campaignId, string kind, JsonElement body, HttpContext http, IClusterClient cluster) =>
            CheckKind(kind) ?? CheckEntity(body)
                ?? Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).CreateEntityAsync(http.User.Id(), kind, body.GetRawText()), StatusCodes.Status201Created));

        campaigns.MapPut("/{campaignId}/{kind}/{id}", async (string campaignId, string kind, string id, JsonElement body, HttpContext http, IClusterClient cluster) =>
            CheckKind(kind) ?? CheckEntity(body)
                ?? Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).ReplaceEntityAsync(http.User.Id(), kind, id, body.GetRawText()), StatusCodes.Status200OK));

        campaigns.MapGet("/{campaignId}/{kind}/{id}", async (string campaignId, string kind, string id, HttpContext http, IClusterClient cluster) =>
            CheckKind(kind) ?? Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).GetEntityAsync(http.User.Id(), kind, id), StatusCodes.Status200OK));

        campaigns.MapGet("/{campaignId}/{kind}", async (string campaignId, string kind, bool? includeDeleted, HttpContext http, IClusterClient cluster) =>
            CheckKind(kind) ?? Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).ListEntitiesAsync(http.User.Id(), kind, includeDeleted ?? false), StatusCodes.Status200OK));
    }

    private static IResult? CheckKind(string kind) =>
        EntityKinds.IsKnown(kind) ? null : ApiErrors.Validation($"kind: '{kind}' is not one of {string.Join(", ", EntityKinds.All)}.");

    private static IResult? CheckEntity(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object ? null : ApiErrors.Validation("body: an entity must be a JSON object.");

    private static IResult Reply(CampaignReply reply, int successStatus) => reply switch
    {
        { Error: { } error } => ApiErrors.Of(error),
        { Json: { } json } when successStatus != StatusCodes.Status204NoContent => Results.Text(json, "application/json", statusCode: successStatus),
        _ => Results.StatusCode(successStatus),
    };
}
