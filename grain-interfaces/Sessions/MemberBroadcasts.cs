namespace Orleans.GameState.Sessions;

/// <summary>
/// The <c>gameState:updated</c> payloads of one update for members who are not the GM, one per distinct view:
/// <see cref="OthersJson"/> for every member that no visibility list names (usually all of them), and one
/// <see cref="NamedBroadcast"/> per group of named members who share a view.
/// </summary>
[GenerateSerializer, Immutable, Alias("gs.MemberBroadcasts")]
public sealed record MemberBroadcasts(
    [property: Id(0)] byte[] OthersJson,
    [property: Id(1)] IReadOnlyList<NamedBroadcast> Named)
{
    public byte[] For(string? userId)
    {
        if (userId is not null)
        {
            foreach (var named in Named)
            {
                if (named.UserIds.Contains(userId))
                {
                    return named.UpdatedJson;
                }
            }
        }

        return OthersJson;
    }

    /// <summary>Which payload a user gets: -1 for <see cref="OthersJson"/>, else the index in <see cref="Named"/>.</summary>
    public int IndexFor(string? userId)
    {
        if (userId is not null)
        {
            for (var i = 0; i < Named.Count; i++)
            {
                if (Named[i].UserIds.Contains(userId))
                {
                    return i;
                }
            }
        }

        return -1;
    }
}

/// <summary>The payload for the members in <see cref="UserIds"/>, who share one view.</summary>
[GenerateSerializer, Immutable, Alias("gs.NamedBroadcast")]
public sealed record NamedBroadcast(
    [property: Id(0)] IReadOnlyList<string> UserIds,
    [property: Id(1)] byte[] UpdatedJson);
