namespace Orleans.GameState.Gateway.Rest;

/// <summary>The <c>Location</c> of what a <c>201 Created</c> made, each path segment percent-encoded.</summary>
public static class ResourceLocations
{
    /// <summary>The campaign's own path. The contract has no <c>GET</c> on it; it names the campaign the routes below it share.</summary>
    public static string Campaign(string campaignId) => $"/api/campaigns/{Uri.EscapeDataString(campaignId)}";

    public static string Entity(string campaignId, string kind, string id) =>
        $"{Campaign(campaignId)}/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(id)}";

    public static string SessionState(string sessionId) => $"/api/sessions/{Uri.EscapeDataString(sessionId)}/state";
}
