using Microsoft.AspNetCore.Http.Features;

namespace Orleans.GameState.Gateway.Rest;

/// <summary>
/// The <c>{id}</c> of <c>/api/campaigns/{campaignId}/{kind}/{id}</c> exactly as the client percent-encoded it, so that
/// every entity that can be created can be read and replaced.
/// </summary>
/// <remarks>
/// Routing hands over the path decoded, except that Kestrel leaves <c>%2F</c> encoded (a decoded '/' would split the
/// segment): an id "a/b", sent as <c>a%2Fb</c>, arrives as "a%2Fb" and names no entity. Decoding that value a second
/// time would fix "a/b" but break ids that really contain an escape-like text ("x%2Fy", sent as <c>x%252Fy</c>). The
/// raw request target still has the segment as sent; decoding it once gives the id. It is used when it agrees with
/// the route value (checked by re-encoding only the slashes); otherwise, for a target Kestrel rewrote (dot segments,
/// absolute form), the route value with its <c>%2F</c> decoded.
/// </remarks>
public static class EntityIdSegment
{
    public static string Decode(HttpContext http, string routeValue)
    {
        if (LastSegment(http.Features.Get<IHttpRequestFeature>()?.RawTarget) is { } raw)
        {
            var decoded = Uri.UnescapeDataString(raw);
            if (string.Equals(decoded.Replace("/", "%2F", StringComparison.Ordinal), routeValue, StringComparison.OrdinalIgnoreCase))
            {
                return decoded;
            }
        }

        return routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The last path segment of an origin-form target (<c>/a/b/c?query</c>), ignoring one trailing slash as routing does.</summary>
    private static string? LastSegment(string? target)
    {
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            return null;
        }

        var path = target.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        if (path.Length > 1 && path[^1] == '/')
        {
            path = path[..^1];
        }

        return path[(path.LastIndexOf('/') + 1)..].ToString();
    }
}
