using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Gateway.Json;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary><c>gameState:revert</c> (CONTRACT section 8): typed here, decided by the session grain.</summary>
public sealed partial class GameHub
{
    [HubMethodName(HubProtocol.Methods.Revert)]
    public async Task<StateUpdateResponse> RevertAsync(JsonElement revertArgument)
    {
        // A revert is an update: the same per-connection rate applies.
        if (!rateLimits.TryAcquire(Context.ConnectionId))
        {
            return Refuse(revertArgument, GatewayErrors.RateLimited());
        }

        if (!ClientJsonReader.TryRead<RevertRequest>(revertArgument, "revert", out var revert, out var invalid))
        {
            return Refuse(revertArgument, invalid);
        }

        if (string.IsNullOrEmpty(revert.SessionId))
        {
            return StateUpdateResponse.Failed(GatewayErrors.MissingSessionId());
        }

        if (!TextRules.IsStorableKey(revert.SessionId) || (revert.Id is { } id && !TextRules.IsStorableKey(id)))
        {
            return Refuse(revertArgument, GatewayErrors.HoldsNul(TextRules.IsStorableKey(revert.SessionId) ? "id" : "sessionId"));
        }

        try
        {
            return await Session(revert.SessionId).RevertAsync(revert, UserId);
        }
        catch (Exception e) when (e is not HubException)
        {
            LogCallFailed(e, HubProtocol.Methods.Revert, revert.SessionId);
            return StateUpdateResponse.Failed(GatewayErrors.UpdateOutcomeUnknown());
        }
    }
}
