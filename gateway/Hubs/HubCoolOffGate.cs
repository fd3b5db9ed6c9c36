using Orleans.GameState.Gateway.Auth;
using Orleans.GameState.Gateway.Rest;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>
/// Refuses the hub (negotiate and connect) to a user cooling off after a flood (<see cref="UpdateRateLimits.CoolOff"/>)
/// with 429 <c>RATE_LIMITED</c> and <c>Retry-After</c>, before any WebSocket is set up, so that a flooding client
/// that reconnects at once costs little.
/// </summary>
public sealed class HubCoolOffGate(RequestDelegate next, UpdateRateLimits rateLimits, Microsoft.Extensions.Options.IOptions<FloodOptions> flood)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments(AuthenticationSetup.HubPath)
            && http.User.FindFirst("sub")?.Value is { } userId
            && rateLimits.IsCoolingOff(userId))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(flood.Value.CoolOff.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ApiErrors.Of(GatewayErrors.CoolingOff()).ExecuteAsync(http);
            return;
        }

        await next(http);
    }
}
