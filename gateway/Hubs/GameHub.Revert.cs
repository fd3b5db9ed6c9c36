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
        // A revert is an update: the same per-connection rate and flood rules apply.
        switch (rateLimits.TryAcquire(Context.ConnectionId))
        {
            case RateDecision.Refused:
                return Refuse(revertArgument, GatewayErrors.RateLimited());
            case RateDecision.Flooding:
                CloseAsFlood();
                return Refuse(revertArgument, GatewayErrors.Flooding());
        }

        // The id and timestamp rules apply by field name (ClientJsonReader), as for an update.
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
