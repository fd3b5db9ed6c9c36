using System.Text;
using Orleans.GameState.Engine;
using Orleans.GameState.Gateway.Hubs;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>The session read routes of CONTRACT section 3: the same answers as the hub's reads.</summary>
public static class SessionEndpoints
{
    public static void MapSessions(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions/{sessionId}").RequireAuthorization();

        sessions.MapGet("/state", async (string sessionId, string? at, HttpContext http, IClusterClient cluster) =>
        {
            if (at is not null)
            {
                return await AdministrationEndpoints.StateAtAsync(sessionId, at, http, cluster);
            }

            // ?as={userId}: the GM reads a member's view (CONTRACT section 7).
            var session = cluster.GetGrain<IGameSessionGrain>(sessionId);
            var view = http.Request.Query.TryGetValue("as", out var asUser)
                ? asUser.Count == 1 && !string.IsNullOrWhiteSpace(asUser[0])
                    ? await session.GetStateAsAsync(http.User.Id(), asUser[0]!)
                    : SessionStateView.Failed(new Contract.ErrorInfo(Contract.ErrorCodes.ValidationError, "as: must be one non-blank user id"))
                : await session.GetStateAsync(http.User.Id());
            return view.Error is { } error ? ApiErrors.Of(error) : Envelope("gameState", view.StateJson!);
        });

        sessions.MapGet("/updates", async (string sessionId, string? since, HttpContext http, IClusterClient cluster) =>
        {
            if (!StateUpdateValidator.TryParseVersion(since, out var version))
            {
                return ApiErrors.Of(GatewayErrors.BadVersion("since", since));
            }

            var view = await cluster.GetGrain<IGameSessionGrain>(sessionId).GetUpdatesSinceAsync(http.User.Id(), version);
            if (view.Error is { } error)
            {
                return ApiErrors.Of(error);
            }

            var body = new StringBuilder("{\"updates\":[");
            for (var i = 0; i < view.Updates!.Count; i++)
            {
                body.Append(i == 0 ? "" : ",").Append(Encoding.UTF8.GetString(view.Updates[i].UpdatedJson));
            }

            return Results.Text(body.Append("]}").ToString(), "application/json");
        });
    }

    /// <summary>Wraps pre-serialised JSON as <c>{"name": json}</c> without parsing it again.</summary>
    internal static IResult Envelope(string name, byte[] json)
    {
        var prefix = Encoding.UTF8.GetBytes($"{{\"{name}\":");
        var body = new byte[prefix.Length + json.Length + 1];
        prefix.CopyTo(body, 0);
        json.CopyTo(body, prefix.Length);
        body[^1] = (byte)'}';
        return Results.Bytes(body, "application/json");
    }
}
