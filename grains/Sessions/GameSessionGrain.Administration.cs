using Orleans.GameState.Contract;
using Orleans.GameState.Grains.WriteThrough;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>
/// Campaign administration as it reaches a session (CONTRACT section 10): ending it, describing it, removing a
/// deleted backing model, and telling the relays which removed players to drop.
/// </summary>
public sealed partial class GameSessionGrain
{
    /// <summary>Durable before it answers; from then on <see cref="ApplyDurablyAsync"/> refuses every change.</summary>
    public async Task<SessionEndResult> EndAsync(string userId)
    {
        if (_document is null || _header is null)
        {
            return new SessionEndResult(NotFound(), 0);
        }

        if (!IsGm(userId))
        {
            return new SessionEndResult(IsMember(userId) ? SessionErrors.NotGmToEnd(SessionId) : SessionErrors.NotMember(SessionId), 0);
        }

        if (_header.EndedAt is null)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var endedAt = await _retry.ExecuteAsync(async token => await store.EndAsync(SessionId, now, token), CancellationToken.None);
            _header = _header with { EndedAt = endedAt };
            LogSessionEnded(SessionId, _document.Version);
        }

        return new SessionEndResult(null, _document.Version);
    }

    public Task<SessionSummary?> SummarizeAsync()
    {
        if (_document is null || _header is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<SessionSummary?>(null);
        }

        return Task.FromResult<SessionSummary?>(new SessionSummary(SessionId, _document.Version, _header.CreatedAt, _header.EndedAt is not null));
    }

    public async Task<StateUpdateResponse?> RemoveEntityAsync(string kind, string id, string updateId)
    {
        if (_document is null)
        {
            return StateUpdateResponse.Failed(NotFound());
        }

        // Built in the grain's turn, where the entity's index cannot move before the update applies.
        if (EntityRemoval.Operations(_document, kind, id) is not { } operations)
        {
            return null;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await ApplyAsync(updateId, VersionText(_document.Version), operations, now, UpdateSources.System);
    }

    /// <summary>Every relay drops the removed players' connections and tells them <c>gameSession:removed</c>.</summary>
    private void NotifyMembersRemoved(IReadOnlyList<string> userIds)
    {
        if (userIds.Count == 0 || _observers is not { Count: > 0 } observers)
        {
            return;
        }

        var removed = new SessionMembersRemoved(SessionId, userIds);
        observers.Notify(o => o.OnMembersRemovedAsync(removed));
    }
}
