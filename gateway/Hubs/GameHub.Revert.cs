using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Json;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary><c>gameState:revert</c> (CONTRACT section 8): typed here, decided by the session grain.</summary>
public sealed partial class GameHub
{
    [HubMethodName(HubProtocol.Methods.Revert)]
    public async Task<StateUpdateResponse> RevertAsync(JsonElement revertArgument)
    {
        // A revert is an update: the same per-connection rate applies.
        switch (rateLimits.TryAcquire(Context.ConnectionId))
        {
            case RateDecision.Refused:
                return Refuse(revertArgument, GatewayErrors.RateLimited());
            case RateDecision.Flooding:
                CloseAsFlood();
                return Refuse(revertArgument, GatewayErrors.Flooding());
        }

        // The input rules of section 12 follow from the field names: id and sessionId are ids, timestamp a whole number.
        if (!ClientJsonReader.TryRead<RevertRequest>(revertArgument, "revert", ids, out var revert, out var invalid))
        {
            return Refuse(revertArgument, invalid);
        }

        try
        {
            return await Session(revert.SessionId!).RevertAsync(revert, UserId);
        }
        catch (Exception e) when (e is not HubException)
        {
            return StateUpdateResponse.Failed(Failed(e, HubProtocol.Methods.Revert, revert.SessionId!));
        }
    }
}
