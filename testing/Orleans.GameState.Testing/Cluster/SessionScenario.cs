using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Testing;

/// <summary>A session created straight on the grain, with a GM, one player, and helpers to drive it.</summary>
public sealed class SessionScenario(IClusterClient client, string sessionId)
{
    public const string Gm = "gm-1";
    public const string Player = "player-1";
    public const string Stranger = "stranger-1";

    public string SessionId { get; } = sessionId;

    public IGameSessionGrain Grain => client.GetGrain<IGameSessionGrain>(SessionId);

    public static async Task<SessionScenario> CreateAsync(IClusterClient client, string? initialState = null)
    {
        var scenario = new SessionScenario(client, $"s-{Guid.NewGuid():N}");
        await scenario.Grain.CreateAsync(new CreateSessionCommand("c-test", Gm, [Player], initialState ?? Ops.InitialState));
        return scenario;
    }

    public async Task<JsonElement> StateAsync(string userId = Gm)
    {
        var view = await Grain.GetStateAsync(userId);
        if (view.Error is { } error)
        {
            throw new InvalidOperationException($"Reading session {SessionId} as {userId} failed: {error.Code} {error.Message}");
        }

        using var document = JsonDocument.Parse(view.StateJson!);
        return document.RootElement.Clone();
    }

    public async Task<long> VersionAsync() => long.Parse((await StateAsync()).GetProperty("stateVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public Task<StateUpdateResponse> UpdateAsync(long version, params StateOperation[] operations) =>
        Grain.UpdateAsync(Ops.Update(SessionId, version, operations), Gm);

    /// <summary>Applies an update at the current version and asserts it was accepted.</summary>
    public async Task<long> ApplyAsync(params StateOperation[] operations)
    {
        var version = await VersionAsync();
        var response = await UpdateAsync(version, operations);
        if (!response.Success)
        {
            throw new InvalidOperationException($"Update of session {SessionId} refused: {response.Error?.Code} {response.Error?.Message}");
        }

        return long.Parse(response.NewVersion!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Sends the same update (same id) until the cluster answers, as a client does after a timeout. Each attempt waits
    /// a few seconds, as the gateway does: a request routed to a silo that just died is otherwise answered only by
    /// Orleans' 30 s response timeout.
    /// </summary>
    public async Task<StateUpdateResponse> SendUntilAnsweredAsync(StateUpdate update, TimeSpan deadlineAfter)
    {
        var deadline = DateTime.UtcNow + deadlineAfter;
        while (true)
        {
            try
            {
                var response = await Grain.UpdateAsync(update, Gm).WaitAsync(TimeSpan.FromSeconds(5));
                if (response.Success || response.Error!.Code != ErrorCodes.TransactionFailed || DateTime.UtcNow > deadline)
                {
                    return response;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The silo is gone and the cluster has not noticed yet: the same update again.
            }

            await Task.Delay(200);
        }
    }
}
