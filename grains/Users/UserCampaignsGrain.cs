using Orleans.GameState.Grains.Campaigns;
using Orleans.GameState.Users;

namespace Orleans.GameState.Grains.Users;

/// <summary>
/// The per-user index of campaigns. The campaign grain is the source of truth and writes here after its own state
/// (creation, adding and removing a member); every write is idempotent, so repeating the campaign call repairs a
/// write that failed.
/// </summary>
public sealed class UserCampaignsGrain(
    [PersistentState(GameStateGrainStorage.StateNames.UserCampaigns, GameStateGrainStorage.ProviderName)] IPersistentState<UserCampaignsState> state)
    : Grain, IUserCampaignsGrain
{
    public async Task SetAsync(UserCampaign campaign)
    {
        if (state.State.Campaigns.TryGetValue(campaign.Id, out var existing) && existing == campaign)
        {
            return;
        }

        state.State.Campaigns[campaign.Id] = campaign;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string campaignId)
    {
        if (state.State.Campaigns.Remove(campaignId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<UserCampaign>> ListAsync() =>
        Task.FromResult<IReadOnlyList<UserCampaign>>(state.State.Campaigns.Values.ToArray());
}
