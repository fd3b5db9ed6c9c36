using Orleans.GameState.Contract;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>
/// <c>gameState:revert</c> (CONTRACT section 8): one ordinary update (source "gm", version + 1) whose operations are
/// the difference between the current state and the state of <c>toVersion</c>, applied, logged, written through and
/// broadcast exactly like a GM update, plus <c>revertedTo</c>. Reverting a revert is just another revert.
/// </summary>
public sealed partial class GameSessionGrain
{
    public async Task<StateUpdateResponse> RevertAsync(RevertRequest request, string userId)
    {
        if (_document is null || _header is null)
        {
            return StateUpdateResponse.Failed(NotFound());
        }

        // The order of an update's checks: who sends it, idempotency, its content, the version.
        var refused = CheckRevertSender(userId, request.Id);
        if (refused is not null)
        {
            metrics.Rejected(refused.Code);
            NotifyFailure(request.Id, refused);
            return StateUpdateResponse.Failed(refused);
        }

        var response = CheckRevert(request, out var toVersion) is { } invalid
            ? await AnswerMalformedAsync(request.Id!, invalid)
            : await RevertDurablyAsync(request, toVersion);
        if (response.Error is { } error)
        {
            NotifyFailure(request.Id, error);
        }

        return response;
    }

    /// <summary>Permission and id, as for an update (a revert never claims <c>source: "system"</c>).</summary>
    private ErrorInfo? CheckRevertSender(string userId, string? id)
    {
        if (!IsGm(userId))
        {
            return IsMember(userId) ? SessionErrors.NotGm(SessionId) : SessionErrors.NotMember(SessionId);
        }

        return string.IsNullOrEmpty(id) ? SessionErrors.MissingId() : null;
    }

    /// <summary>What the request says on its own: canonical versions, this session, a target below the version and not before the origin.</summary>
    private ErrorInfo? CheckRevert(RevertRequest request, out long toVersion)
    {
        toVersion = 0;
        if (request.SessionId != SessionId)
        {
            return SessionErrors.WrongSession(SessionId);
        }

        if (!StateUpdateValidator.TryParseVersion(request.Version, out var version))
        {
            return SessionErrors.BadVersionText("version", request.Version);
        }

        if (!StateUpdateValidator.TryParseVersion(request.ToVersion, out toVersion))
        {
            return SessionErrors.BadVersionText("toVersion", request.ToVersion);
        }

        if (toVersion >= version)
        {
            return SessionErrors.RevertNotBack(toVersion, version);
        }

        return toVersion < _header!.OriginVersion ? SessionErrors.RevertBeforeOrigin(toVersion, _header.OriginVersion) : null;
    }

    private async Task<StateUpdateResponse> RevertDurablyAsync(RevertRequest request, long toVersion)
    {
        var document = _document!;
        var id = request.Id!;
        if (_updateIds.TryGetVersion(id, out var acceptedAt))
        {
            return StateUpdateResponse.Accepted(VersionText(acceptedAt));
        }

        // Refusals that need no history first: rebuilding a past state is the expensive part.
        if (_header!.EndedAt is not null)
        {
            return await RefuseCountedAsync(id, SessionErrors.Ended(SessionId));
        }

        if (request.Version != VersionText(document.Version))
        {
            return await RefuseCountedAsync(id, SessionErrors.Conflict(request.Version!, document.Version));
        }

        GameStateDocument? target;
        ErrorInfo? unavailable;
        try
        {
            (target, unavailable) = await RebuildAsync(toVersion);
        }
        catch (Exception e) when (e is not InvalidOperationException)
        {
            LogHistoryReadFailed(e, SessionId, toVersion);
            return StateUpdateResponse.Failed(SessionErrors.StorageFailed());
        }

        if (target is null)
        {
            return await RefuseCountedAsync(id, unavailable!);
        }

        var operations = document.OperationsTo(target);
        return await ApplyAsync(id, request.Version!, operations, request.Timestamp, UpdateSources.Gm, VersionText(toVersion));
    }

    private async Task<StateUpdateResponse> RefuseCountedAsync(string id, ErrorInfo refusal)
    {
        var response = await RefuseUnlessLoggedAsync(id, refusal);
        if (response.Error is { } error)
        {
            metrics.Rejected(error.Code);
        }

        return response;
    }
}
