using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.GameState.Campaigns;
using Orleans.GameState.Configuration;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Sessions;
using Orleans.GameState.Users;

namespace Orleans.GameState.Grains.Campaigns;

/// <summary>
/// A campaign: GM, players, the index of its backing models and its sessions. Every user-facing call
/// answers NOT_FOUND for an unknown campaign, then checks the role (members read, the GM writes). The grain
/// calls sessions (membership, PUT) and sessions call back into it (write-through index), so the methods
/// sessions call interleave; state writes are serialised by <see cref="SerialStateWrites"/>.
/// </summary>
public sealed partial class CampaignGrain(
    [PersistentState(GameStateGrainStorage.StateNames.Campaign, GameStateGrainStorage.ProviderName)] IPersistentState<CampaignState> state,
    IOptions<LimitsOptions> limits,
    TimeProvider clock,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain, ICampaignWriteThroughGrain, ICampaignImportGrain
{
    private SerialStateWrites? _writes;
    private CampaignState? _current;

    /// <summary>The id rule entity ids are held to, here as in sessions (<c>Limits:MaxIdLength</c>).</summary>
    private readonly IdRule _ids = limits.Value.ToIdRule();

    private string CampaignId => this.GetPrimaryKeyString();

    /// <summary>
    /// The live state. Storage is handed a copy taken in the writing turn: the provider serialises off the grain's
    /// scheduler, and interleaving calls may change the live state meanwhile.
    /// </summary>
    private CampaignState State => _current ??= state.State;

    /// <summary>Only well-formed ids can hold a campaign, so a stray key (say "123") never reaches storage as one.</summary>
    private bool Exists => State.GmUserId is not null && CampaignIds.IsCampaignId(CampaignId);

    private SerialStateWrites Writes => _writes ??= new SerialStateWrites(() =>
    {
        state.State = State.Clone();
        return state.WriteStateAsync();
    });

    public async Task<CampaignInfo> CreateAsync(string name, string gmUserId)
    {
        if (!CampaignIds.IsCampaignId(CampaignId))
        {
            throw new ArgumentException($"'{CampaignId}' is not a campaign id (c-<32 hex digits>).");
        }

        if (State.GmUserId is null)
        {
            State.Name = name;
            State.GmUserId = gmUserId;
            State.CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await Writes.WriteAsync();
            LogCreated(CampaignId, gmUserId);
        }

        await IndexUserAsync(State.GmUserId, UserCampaign.GmRole);
        return Info();
    }

    public Task<CampaignInfo?> GetInfoAsync() => Task.FromResult(Exists ? Info() : Unknown<CampaignInfo>());

    public Task<CampaignRole> GetRoleAsync(string userId) => Task.FromResult(RoleOf(userId));

    public async Task<CampaignReply> AddMemberAsync(string userId, string memberUserId)
    {
        if (Check(userId, CampaignRole.Gm) is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(memberUserId))
        {
            return CampaignErrors.Invalid("userId: required.");
        }

        if (!TextRules.IsStorableKey(memberUserId))
        {
            return CampaignErrors.Invalid("userId: must not contain U+0000.");
        }

        if (memberUserId != State.GmUserId && !State.MemberUserIds.Contains(memberUserId, StringComparer.Ordinal))
        {
            State.MemberUserIds.Add(memberUserId);
            await Writes.WriteAsync();
        }

        // Pushed even when nothing changed, so that repeating the call repairs a push that failed before.
        await PushMembersAsync();
        if (memberUserId != State.GmUserId)
        {
            await IndexUserAsync(memberUserId, UserCampaign.PlayerRole);
        }

        return CampaignReply.Ok();
    }

    public async Task<CampaignReply> CreateSessionAsync(string userId)
    {
        if (Check(userId, CampaignRole.Gm) is { } denied)
        {
            return denied;
        }

        var (stateJson, error) = await HydrateAsync();
        if (error is not null)
        {
            return CampaignErrors.Invalid(error);
        }

        var sessionId = CampaignIds.NewSessionId();
        var created = await CreateSessionAsync(sessionId, stateJson!);
        return CampaignReply.Ok(JsonSerializer.Serialize(new { sessionId, stateVersion = created.StateVersion }, ContractJson.Options));
    }

    /// <summary>
    /// Records the session before creating it: a crash in between leaves an id that answers SESSION_NOT_FOUND,
    /// never a session the campaign does not know (which would miss membership changes and PUTs).
    /// </summary>
    private async Task<SessionCreated> CreateSessionAsync(string sessionId, string stateJson)
    {
        if (!State.SessionIds.Contains(sessionId, StringComparer.Ordinal))
        {
            State.SessionIds.Add(sessionId);
            await Writes.WriteAsync();
        }

        var command = new CreateSessionCommand(CampaignId, State.GmUserId!, State.MemberUserIds.ToArray(), stateJson);
        var created = await GrainFactory.GetGrain<IGameSessionGrain>(sessionId).CreateAsync(command);
        LogSessionCreated(CampaignId, sessionId, created.StateVersion, created.AlreadyExisted);
        return created;
    }

    /// <summary>The initial state of a new session: the non-deleted characters, actors and items, at version 1.</summary>
    private async Task<(string? Json, string? Error)> HydrateAsync()
    {
        var characters = await LiveBodiesAsync(EntityKinds.Characters);
        var actors = await LiveBodiesAsync(EntityKinds.Actors);
        var items = await LiveBodiesAsync(EntityKinds.Items);
        try
        {
            var document = Engine.GameStateDocument.Create(
                characters, actors, items, 1, clock.GetUtcNow().ToUnixTimeMilliseconds(), limits.Value.ToStateLimits());
            return (document.ToJsonString(), null);
        }
        catch (Exception e) when (e is Engine.StateValidationException or ArgumentException or InvalidOperationException or JsonException)
        {
            return (null, $"The campaign's backing models do not make a valid state: {e.Message}");
        }
    }

    private async Task<IReadOnlyList<JsonElement>> LiveBodiesAsync(string kind)
    {
        var stored = await ReadEntitiesAsync(kind, includeDeleted: false);
        return stored.Select(s => Entities.EntityJson.Parse(s.Json)).ToList();
    }

    private async Task PushMembersAsync()
    {
        var members = State.MemberUserIds.ToArray();
        var sessions = State.SessionIds.ToArray();
        await Task.WhenAll(sessions.Select(id => GrainFactory.GetGrain<IGameSessionGrain>(id).SetMembersAsync(members)));
    }

    private CampaignInfo Info() => new(CampaignId, State.Name ?? string.Empty, State.GmUserId!, State.MemberUserIds.ToArray());

    private CampaignRole RoleOf(string userId)
    {
        if (!Exists)
        {
            return Unknown(CampaignRole.NotFound);
        }

        if (userId == State.GmUserId)
        {
            return CampaignRole.Gm;
        }

        return State.MemberUserIds.Contains(userId, StringComparer.Ordinal) ? CampaignRole.Member : CampaignRole.Stranger;
    }

    /// <summary>NOT_FOUND for an unknown campaign, PERMISSION_DENIED below <paramref name="needed"/>, else null.</summary>
    private CampaignReply? Check(string userId, CampaignRole needed)
    {
        var role = RoleOf(userId);
        if (role == CampaignRole.NotFound)
        {
            return CampaignErrors.NotFound(CampaignId);
        }

        if (role >= needed)
        {
            return null;
        }

        return needed == CampaignRole.Gm && role == CampaignRole.Member ? CampaignErrors.NotGm(CampaignId) : CampaignErrors.NotMember(CampaignId);
    }

    /// <summary>Unknown campaigns leave memory quickly: asking never creates one.</summary>
    private T? Unknown<T>(T? value = default)
    {
        DeactivateOnIdle();
        return value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} created by GM {GmUserId}")]
    private partial void LogCreated(string campaignId, string gmUserId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: session {SessionId} at version {Version} (already existed: {AlreadyExisted})")]
    private partial void LogSessionCreated(string campaignId, string sessionId, string version, bool alreadyExisted);
}
