using System.Buffers;
using System.Text;
using System.Text.Json;
using Orleans.GameState.Campaigns;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Sessions;
using Orleans.GameState.Views;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>
/// Player views (docs/views.md): what each member may read of the state and of its broadcasts. Every read of
/// "the state / the updates for this user" goes through <see cref="ViewFor"/>, so features that read the session for
/// a user (state at a version, revert, ...) hide exactly what the live session hides.
/// </summary>
public sealed partial class GameSessionGrain
{
    /// <summary>A user id no visibility list can name (ids never hold U+0000): the view of every unnamed member.</summary>
    private const string UnnamedMember = "\0";

    private IReadOnlyDictionary<string, string> _viewClasses = new Dictionary<string, string>();
    private (long, long, long, long)? _viewClassesStamp;

    /// <summary>The groups of <see cref="GroupNamedUsers"/> for an update that left the classes as they were: the usual
    /// case, so it is computed once per classes and not per update.</summary>
    private List<List<string>>? _unchangedClassGroups;

    /// <summary>How <paramref name="userId"/> reads this session: the GM everything, a member their view.</summary>
    private SessionViewer ViewFor(string userId) => new(userId, IsGm(userId));

    /// <summary>One user's reading of the session.</summary>
    private readonly record struct SessionViewer(string UserId, bool IsGm)
    {
        /// <summary>The user's view of a state (the live one, or any other version of it).</summary>
        public byte[] State(GameStateDocument document) =>
            IsGm ? document.ToUtf8Bytes() : StateView.ToUtf8Bytes(document, UserId);

        /// <summary>A broadcast as the user receives it.</summary>
        public SessionBroadcast Broadcast(SessionBroadcast broadcast) => broadcast.For(UserId, IsGm);
    }

    public Task<SessionStateView> GetStateAsAsync(string callerId, string asUserId)
    {
        if (_document is null)
        {
            return Task.FromResult(SessionStateView.Failed(NotFound()));
        }

        if (!IsGm(callerId))
        {
            return Task.FromResult(SessionStateView.Failed(IsMember(callerId)
                ? new ErrorInfo(ErrorCodes.PermissionDenied, $"Only the GM of session '{SessionId}' may read a member's view.")
                : SessionErrors.NotMember(SessionId)));
        }

        if (!IsMember(asUserId))
        {
            return Task.FromResult(SessionStateView.Failed(new ErrorInfo(CampaignReply.NotFoundCode, $"'{asUserId}' is not a member of session '{SessionId}'.")));
        }

        var viewer = ViewFor(asUserId);
        return Task.FromResult(new SessionStateView(null, viewer.IsGm, _document.Version, viewer.State(_document)));
    }

    /// <summary>
    /// The view classes of every user a visibility list names (members or not) for the current state, recomputed only
    /// when a restricting marker changed.
    /// </summary>
    private IReadOnlyDictionary<string, string> CurrentViewClasses()
    {
        var stamp = _document!.VisibilityStamp;
        if (_viewClassesStamp != stamp)
        {
            _viewClasses = ViewClasses.Of(_document);
            _viewClassesStamp = stamp;
            _unchangedClassGroups = null;
        }

        return _viewClasses;
    }

    /// <summary>
    /// The members' broadcasts of an update just applied, one per distinct payload; null when every member gets the
    /// GM's (nothing hidden before or after, found in O(1) by <see cref="ViewRewrite.Prepare"/>). The broadcast is
    /// computed once per group of users that the same visibility lists name before and after the update, and for every
    /// named user, member or not: the log is the history a user added later reads (docs/views.md). Groups whose payload
    /// equals the unnamed members' are left to it and equal payloads share one entry, so an update that changes nothing
    /// a named user sees differently stores one payload.
    /// </summary>
    private MemberBroadcasts? BuildMemberBroadcasts(
        ViewRewrite? rewrite, IReadOnlyDictionary<string, string>? classesBefore, AppliedUpdate applied, UpdateBroadcast broadcast)
    {
        if (rewrite is null)
        {
            return null;
        }

        var classesAfter = CurrentViewClasses();
        var groups = ReferenceEquals(classesBefore, classesAfter)
            ? _unchangedClassGroups ??= GroupNamedUsers(classesAfter, classesAfter)
            : GroupNamedUsers(classesBefore!, classesAfter);
        var othersJson = Serialize(broadcast with { Operations = rewrite.For(applied, _document!, UnnamedMember) });
        var named = new List<NamedBroadcast>();
        foreach (var users in groups)
        {
            var json = Serialize(broadcast with { Operations = rewrite.For(applied, _document!, users[0]) });
            if (json.AsSpan().SequenceEqual(othersJson))
            {
                continue;
            }

            // Few distinct payloads per update: a linear search beats hashing them.
            var sharing = named.FindIndex(n => n.UpdatedJson.AsSpan().SequenceEqual(json));
            if (sharing < 0)
            {
                named.Add(new NamedBroadcast([.. users], json));
            }
            else
            {
                named[sharing] = named[sharing] with { UserIds = [.. named[sharing].UserIds, .. users] };
            }
        }

        return new MemberBroadcasts(othersJson, named);

        static byte[] Serialize(UpdateBroadcast b) => JsonSerializer.SerializeToUtf8Bytes(b, ContractJson.Options);
    }

    /// <summary>
    /// The users named by some visibility list before or after an update (not the GM), grouped by their pair of
    /// classes. O(named users); unnamed users share the empty pair and read the unnamed members' broadcast.
    /// </summary>
    private List<List<string>> GroupNamedUsers(IReadOnlyDictionary<string, string> classesBefore, IReadOnlyDictionary<string, string> classesAfter)
    {
        var groups = new Dictionary<(string, string), List<string>>();
        foreach (var user in classesBefore.Keys.Union(classesAfter.Keys, StringComparer.Ordinal))
        {
            if (IsGm(user))
            {
                continue;
            }

            var key = (ViewClasses.ClassOf(classesBefore, user), ViewClasses.ClassOf(classesAfter, user));
            if (!groups.TryGetValue(key, out var users))
            {
                groups[key] = users = [];
            }

            users.Add(user);
        }

        return [.. groups.Values];
    }

    /// <summary>The members' broadcasts as the log row keeps them (column <c>views</c>), or null.</summary>
    private static string? MemberBroadcastsJson(MemberBroadcasts? members)
    {
        if (members is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("others");
            writer.WriteRawValue(members.OthersJson, skipInputValidation: true);
            writer.WriteStartArray("named");
            foreach (var named in members.Named)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("users");
                foreach (var user in named.UserIds)
                {
                    writer.WriteStringValue(user);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("broadcast");
                writer.WriteRawValue(named.UpdatedJson, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static MemberBroadcasts? ReadMemberBroadcasts(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        var root = document.RootElement;
        var named = root.GetProperty("named").EnumerateArray()
            .Select(n => new NamedBroadcast(
                n.GetProperty("users").EnumerateArray().Select(u => u.GetString()!).ToArray(),
                Encoding.UTF8.GetBytes(n.GetProperty("broadcast").GetRawText())))
            .ToList();
        return new MemberBroadcasts(Encoding.UTF8.GetBytes(root.GetProperty("others").GetRawText()), named);
    }
}
