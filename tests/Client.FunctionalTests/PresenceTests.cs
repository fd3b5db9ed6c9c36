using System.Collections.Concurrent;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.FunctionalTests;

/// <summary>The SDK's <see cref="GameSessionClient.Presence"/> and <see cref="GameSessionClient.PresenceChanged"/> against the real gateway.</summary>
[Collection(ClientCollection.Name)]
public sealed class PresenceTests(ClientFixture fixture)
{
    [Fact]
    public async Task Presence_comes_with_the_join_and_follows_other_users_joining_and_leaving()
    {
        var session = await fixture.CreateSessionAsync(players: 1);
        await using var gm = fixture.NewClient(session.Gm);
        await using var player = fixture.NewClient(session.Players[0]);
        var seen = new ConcurrentQueue<SessionPresence>();
        gm.PresenceChanged += (_, presence) => seen.Enqueue(presence);

        await gm.JoinAsync(session.SessionId);
        Assert.Equal([new PresenceUser(session.Gm, true)], gm.Presence);

        await player.JoinAsync(session.SessionId);
        Assert.Equal([session.Gm, session.Players[0]], player.Presence.Select(u => u.UserId).Order(StringComparer.Ordinal));
        Assert.Contains(new PresenceUser(session.Players[0], false), player.Presence);
        await Expect.EventuallyAsync(() => gm.Presence.Count == 2, "the GM sees the player join");
        Assert.Equal(session.SessionId, seen.Last().SessionId);
        Assert.Contains(new PresenceUser(session.Players[0], false), seen.Last().Users);

        await player.LeaveAsync();
        Assert.Empty(player.Presence);
        await Expect.EventuallyAsync(() => gm.Presence.Count == 1, "the GM sees the player leave");
        Assert.Equal([new PresenceUser(session.Gm, true)], seen.Last().Users);
    }
}
