using Orleans.GameState.Gateway.Rest;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace Orleans.GameState.Gateway.OpenApi;

/// <summary>What one REST route takes and answers, for its OpenAPI operation.</summary>
/// <param name="Request">The JSON body it reads, or null.</param>
/// <param name="Response">The JSON body of its success, or null for none.</param>
/// <param name="Errors">The error statuses it can answer (each with <see cref="ErrorBody"/>).</param>
public sealed record RestRoute(string Summary, Type? Request, int Success, Type? Response, params int[] Errors);

/// <summary>
/// Every REST route's bodies and statuses, in one place. The endpoints read and write JSON themselves (so every bad
/// input gets the contract's error body), which leaves the framework nothing to infer these from.
/// </summary>
public static class RestApiCatalog
{
    /// <summary>What every route may answer besides its own: no or a bad token, and the cluster or storage failing.</summary>
    public static readonly int[] CommonErrors = [Status401Unauthorized, Status503ServiceUnavailable];

    private static readonly int[] Read = [Status403Forbidden, Status404NotFound];
    private static readonly int[] Write = [Status400BadRequest, Status403Forbidden, Status404NotFound];

    /// <summary>By "METHOD /route/pattern".</summary>
    public static IReadOnlyDictionary<string, RestRoute> Routes { get; } = new Dictionary<string, RestRoute>(StringComparer.Ordinal)
    {
        ["POST /api/dev/token"] = new("Mint a token for a user (only with Auth:DevTokens)", typeof(DevTokenRequest), Status200OK, typeof(DevTokenResponse), Status400BadRequest),
        ["GET /api/campaigns"] = new("The caller's campaigns, with the caller's role", null, Status200OK, typeof(IReadOnlyList<CampaignListEntry>)),
        ["POST /api/campaigns"] = new("Create a campaign; the caller is its GM", typeof(CreateCampaignRequest), Status201Created, typeof(CampaignResponse), Status400BadRequest),
        ["GET /api/campaigns/{campaignId}"] = new("One campaign: members and sessions", null, Status200OK, typeof(CampaignDescription), Read),
        ["POST /api/campaigns/{campaignId}/members"] = new("Add a player (GM)", typeof(AddMemberRequest), Status204NoContent, null, Write),
        ["DELETE /api/campaigns/{campaignId}/members/{userId}"] = new("Remove a player (GM); their connections leave the sessions", null, Status204NoContent, null, Read),
        ["POST /api/campaigns/{campaignId}/sessions"] = new("Create a session hydrated from the campaign (GM)", null, Status201Created, typeof(SessionCreatedBody), Write),
        ["POST /api/campaigns/{campaignId}/{kind}"] = new("Create a backing model (GM)", typeof(EntityBody), Status201Created, typeof(EntityBody), Write),
        ["GET /api/campaigns/{campaignId}/{kind}"] = new("All backing models of a kind", null, Status200OK, typeof(IReadOnlyList<EntityBody>), Write),
        ["GET /api/campaigns/{campaignId}/{kind}/{id}"] = new("One backing model as stored", null, Status200OK, typeof(EntityBody), Write),
        ["PUT /api/campaigns/{campaignId}/{kind}/{id}"] = new("Replace a backing model (GM); live sessions get a system update", typeof(EntityBody), Status200OK, typeof(EntityBody), Write),
        ["DELETE /api/campaigns/{campaignId}/{kind}/{id}"] = new("Mark a backing model deleted (GM); live sessions get a system update", null, Status204NoContent, null, Write),
        ["GET /api/sessions/{sessionId}/state"] = new("The session's state, or with ?at=V the state of a retained version", null, Status200OK, typeof(GameStateEnvelope),
            [.. Write, Status410Gone]),
        ["GET /api/sessions/{sessionId}/updates"] = new("Every broadcast after ?since=V", null, Status200OK, typeof(UpdatesEnvelope), [.. Write, Status410Gone]),
        ["POST /api/sessions/{sessionId}/end"] = new("End the session (GM, idempotent)", null, Status200OK, typeof(SessionEndedResponse), Read),
    };
}
