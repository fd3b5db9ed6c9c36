using System.Globalization;
using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Gateway.Hubs;
using Orleans.GameState.Sessions;
using Orleans.GameState.Users;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>
/// Campaign administration and session history over REST (CONTRACT sections 8 and 10): listing and describing
/// campaigns, removing a player, deleting a backing model, ending a session, and the state at a version.
/// </summary>
public static class AdministrationEndpoints
{
    public static void MapAdministration(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/campaigns").RequireAuthorization();

        campaigns.MapGet("/", async (HttpContext http, IClusterClient cluster) =>
        {
            var listed = await cluster.GetGrain<IUserCampaignsGrain>(IUserCampaignsGrain.KeyOf(http.User.Id())).ListAsync();
            return Results.Json(listed.Select(c => new CampaignListEntry(c.Id, c.Name, c.GmUserId, c.Role)).ToList(), ContractJson.Options);
        });

        campaigns.MapGet("/{campaignId}", async (string campaignId, HttpContext http, IClusterClient cluster) =>
            Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).DescribeAsync(http.User.Id()), StatusCodes.Status200OK));

        campaigns.MapDelete("/{campaignId}/members/{userId}", async (string campaignId, string userId, HttpContext http, IClusterClient cluster) =>
            Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).RemoveMemberAsync(http.User.Id(), EntityIdSegment.Decode(http, userId)),
                StatusCodes.Status204NoContent));

        campaigns.MapDelete("/{campaignId}/{kind}/{id}", async (string campaignId, string kind, string id, HttpContext http, IClusterClient cluster) =>
            EntityKinds.IsKnown(kind)
                ? Reply(await cluster.GetGrain<ICampaignGrain>(campaignId).DeleteEntityAsync(http.User.Id(), kind, EntityIdSegment.Decode(http, id)),
                    StatusCodes.Status204NoContent)
                : ApiErrors.Validation($"kind: '{kind}' is not one of {string.Join(", ", EntityKinds.All)}."));

        app.MapPost("/api/sessions/{sessionId}/end", async (string sessionId, HttpContext http, IClusterClient cluster) =>
        {
            var ended = await cluster.GetGrain<IGameSessionGrain>(sessionId).EndAsync(http.User.Id());
            return ended.Error is { } error
                ? ApiErrors.Of(error)
                : Results.Json(new SessionEndedResponse(sessionId, ended.Version.ToString(CultureInfo.InvariantCulture), true), ContractJson.Options);
        }).RequireAuthorization();
    }

    /// <summary><c>GET /api/sessions/{sessionId}/state?at=V</c>: the state of a retained version, as the caller may see it.</summary>
    public static async Task<IResult> StateAtAsync(string sessionId, string at, HttpContext http, IClusterClient cluster)
    {
        if (!StateUpdateValidator.TryParseVersion(at, out var version))
        {
            return ApiErrors.Of(GatewayErrors.BadVersion("at", at));
        }

        var view = await cluster.GetGrain<IGameSessionGrain>(sessionId).GetStateAtAsync(http.User.Id(), version);
        return view.Error is { } error ? ApiErrors.Of(error) : SessionEndpoints.Envelope("gameState", view.StateJson!);
    }

    private static IResult Reply(CampaignReply reply, int successStatus) => reply switch
    {
        { Error: { } error } => ApiErrors.Of(error),
        { Json: { } json } when successStatus != StatusCodes.Status204NoContent => Results.Text(json, "application/json", statusCode: successStatus),
        _ => Results.StatusCode(successStatus),
    };
}
