using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Client.Internal;

/// <summary>
/// A queued update or revert made concrete at the version it is sent with: one id (kept for every resend), the hub
/// method and its argument. <see cref="Update"/> is set for an update, whose operations the copy applies itself.
/// </summary>
internal sealed record OutgoingUpdate(string Id, string Version, string Method, object Argument, StateUpdate? Update)
{
    /// <exception cref="ArgumentException">An update without operations.</exception>
    public static OutgoingUpdate Build(PendingUpdate item, string sessionId, GameStateDocument state)
    {
        var id = $"u-{Guid.NewGuid():N}";
        var version = StateUpdateValidator.FormatVersion(state.Version);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (item.ToVersion is { } toVersion)
        {
            var revert = new RevertRequest(id, sessionId, version, StateUpdateValidator.FormatVersion(toVersion), timestamp);
            return new OutgoingUpdate(id, version, HubProtocol.Methods.Revert, revert, null);
        }

        var operations = item.Build!(state);
        if (operations is null || operations.Count == 0)
        {
            throw new ArgumentException("An update needs at least one operation.");
        }

        var update = new StateUpdate(id, sessionId, version, [.. operations], timestamp, UpdateSources.Gm);
        return new OutgoingUpdate(id, version, HubProtocol.Methods.Update, update, update);
    }
}
