using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>
/// One session broadcast with its hub frames per distinct view (CONTRACT section 7): the GM's, the one every unnamed
/// member shares, and one per group of named members. Each frame is built once, on first use, however many
/// connections get it; without hidden content there is only the GM's, which every connection gets.
/// </summary>
public sealed class ViewedBroadcast(SessionBroadcast broadcast, long receivedAt)
{
    private BroadcastFrames? _gm;
    private BroadcastFrames? _others;
    private BroadcastFrames?[]? _named;
    private Dictionary<string, int>? _namedIndex;

    public long Version => broadcast.Version;

    /// <summary>The frames a connection of <paramref name="userId"/> gets.</summary>
    public BroadcastFrames For(string? userId, bool isGm)
    {
        if (isGm || broadcast.Members is not { } members)
        {
            return _gm ??= BroadcastFrames.Of(broadcast, receivedAt);
        }

        if (members.Named.Count > 0 && userId is not null)
        {
            _namedIndex ??= IndexNamed(members);
            if (_namedIndex.TryGetValue(userId, out var index))
            {
                _named ??= new BroadcastFrames?[members.Named.Count];
                return _named[index] ??= BroadcastFrames.Of(broadcast with { UpdatedJson = members.Named[index].UpdatedJson }, receivedAt);
            }
        }

        return _others ??= BroadcastFrames.Of(broadcast with { UpdatedJson = members.OthersJson }, receivedAt);
    }

    private static Dictionary<string, int> IndexNamed(MemberBroadcasts members)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < members.Named.Count; i++)
        {
            foreach (var user in members.Named[i].UserIds)
            {
                index.TryAdd(user, i);
            }
        }

        return index;
    }
}
