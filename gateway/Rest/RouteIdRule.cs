using Orleans.GameState.Engine;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>
/// Applies <see cref="IdRule"/> to every id in every request's route, before any endpoint runs: each route parameter
/// named <c>id</c> or <c>…Id</c> (<c>{campaignId}</c>, <c>{sessionId}</c>, <c>{userId}</c>, <c>{id}</c>), and the query
/// parameters in <see cref="IdQueryParameters"/>. A route added later gets the rule by naming its parameters so; a bad
/// id is a 400 <c>VALIDATION_ERROR</c> and never reaches <c>GetGrain</c> (which throws on a blank key) or storage.
/// </summary>
/// <remarks>
/// Runs after authentication and authorization, so a caller without a valid token still gets 401 whatever the path.
/// Kestrel keeps <c>%2F</c> encoded inside a route value; it is counted as the one character it stands for.
/// </remarks>
public sealed class RouteIdRule(RequestDelegate next, IdRule ids)
{
    /// <summary>Query parameters that carry an id: <c>?as={userId}</c> of <c>GET /api/sessions/{id}/state</c> (docs/views.md).</summary>
    public static readonly IReadOnlyList<string> IdQueryParameters = ["as"];

    public async Task InvokeAsync(HttpContext http)
    {
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (IdRule.IsIdName(name) && value is string text
                && ids.Check(text.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase), name) is { } invalid)
            {
                await ApiErrors.Of(invalid).ExecuteAsync(http);
                return;
            }
        }

        foreach (var name in IdQueryParameters)
        {
            if (http.Request.Query.TryGetValue(name, out var values)
                && values.Select(value => ids.Check(value, name)).FirstOrDefault(error => error is not null) is { } invalid)
            {
                await ApiErrors.Of(invalid).ExecuteAsync(http);
                return;
            }
        }

        await next(http);
    }
}
