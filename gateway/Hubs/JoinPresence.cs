using Orleans.GameState.Contract;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Hubs;

/// <summary>The <c>presence</c> of a join's answer (CONTRACT section 9).</summary>
public static class JoinPresence
{
    /// <summary>
    /// The session's presence, which includes the caller. When the grain could not be asked (the join itself worked),
    /// the answer holds at least the caller, and the next <c>gameSession:presence</c> event brings the rest.
    /// </summary>
    public static IReadOnlyList<PresenceUser> Of(PresenceSnapshot? snapshot, string userId, bool isGm)
    {
        var users = snapshot?.ToContract().Users ?? [];
        return users.Any(user => user.UserId == userId) ? users : [.. users, new PresenceUser(userId, isGm)];
    }
}
