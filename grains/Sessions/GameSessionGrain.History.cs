using System.Text.Json;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>
/// The state of a past version (CONTRACT section 8): the newest stored state at or below it (the latest snapshot
/// or a kept history base), with the logged updates after it replayed forward by the engine. Forward replay
/// reproduces the state byte for byte; undoing from the current state with the logged <c>previous</c> values
/// cannot (a <c>set</c> that created missing parent objects does not say so). Cost: one read of a stored state
/// and of at most the updates between two snapshots, and replaying them, inside the session's turn.
/// </summary>
public sealed partial class GameSessionGrain
{
    public async Task<SessionStateView> GetStateAtAsync(string userId, long version)
    {
        if (_document is null || _header is null)
        {
            return SessionStateView.Failed(NotFound());
        }

        if (!IsMember(userId))
        {
            return SessionStateView.Failed(SessionErrors.NotMember(SessionId));
        }

        if (version > _document.Version)
        {
            return SessionStateView.Failed(SessionErrors.VersionAhead(version, _document.Version));
        }

        var (state, error) = await RebuildAsync(version);
        return state is null
            ? SessionStateView.Failed(error!)
            : new SessionStateView(null, IsGm(userId), version, StateJsonFor(userId, state));
    }

    /// <summary>
    /// The one place that turns a state into what <paramref name="userId"/> receives of it. Today every member gets the
    /// whole state; player views (CONTRACT section 7) plug in here so that history reads give each member their view.
    /// </summary>
    private byte[] StateJsonFor(string userId, GameStateDocument state) => state.ToUtf8Bytes();

    /// <summary>
    /// The state at <paramref name="version"/> (at most the current one), or <c>HISTORY_UNAVAILABLE</c> when no stored
    /// state at or below it has a complete log after it. The current version is the live document itself.
    /// </summary>
    private async Task<(GameStateDocument? State, ErrorInfo? Error)> RebuildAsync(long version)
    {
        var document = _document!;
        if (version == document.Version)
        {
            return (document, null);
        }

        if (version >= _header!.OriginVersion)
        {
            // A snapshot written meanwhile may prune the base just read: the second attempt reads the newer one.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (await TryReplayAsync(version) is { } rebuilt)
                {
                    return (rebuilt, null);
                }
            }
        }

        return (null, SessionErrors.HistoryUnavailable(version));
    }

    private async Task<GameStateDocument?> TryReplayAsync(long version)
    {
        var stored = await _retry.ExecuteAsync(
            async token => await store.ReadHistoryBaseAsync(SessionId, version, token), CancellationToken.None);
        if (stored is null)
        {
            return null;
        }

        var log = await _retry.ExecuteAsync(
            async token => await store.ReadLogRangeAsync(SessionId, stored.Version, version, token), CancellationToken.None);
        if (log.Count != version - stored.Version)
        {
            return null;
        }

        var state = GameStateDocument.Parse(stored.StateJson, _limits);
        foreach (var entry in log)
        {
            var broadcast = JsonSerializer.Deserialize<UpdateBroadcast>(entry.BroadcastJson, ContractJson.Options)!;
            var replayed = state.Apply(broadcast.Operations, entry.LastUpdated, allowEmpty: true);
            if (!replayed.Success || state.Version != entry.Version)
            {
                throw new InvalidOperationException(
                    $"Session {SessionId}: log entry {entry.Version} does not replay onto the base at {stored.Version} ({replayed.Error?.Message}).");
            }
        }

        return state;
    }
}
