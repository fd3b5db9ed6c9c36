using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.GameState.Configuration;
using Orleans.GameState.Contract;
using Orleans.GameState.Engine;
using Orleans.GameState.Grains.Telemetry;
using Orleans.GameState.Grains.WriteThrough;
using Orleans.GameState.Sessions;
using Orleans.GameState.Storage.Sessions;
using Orleans.GameState.Views;
using Orleans.Utilities;
using Polly;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>The update path: checks, the engine, the durable append, the answer and the broadcast.</summary>
public sealed partial class GameSessionGrain
{
    /// <summary>
    /// What is checked before the idempotency lookup: who sends the update (a player or a stranger learns nothing
    /// about ids), that a client does not claim to be the server, and that there is an id to look up.
    /// </summary>
    private ErrorInfo? CheckSender(StateUpdate update, string userId)
    {
        if (!IsGm(userId))
        {
            return IsMember(userId) ? SessionErrors.NotGm(SessionId) : SessionErrors.NotMember(SessionId);
        }

        if (update.Source == UpdateSources.System)
        {
            return SessionErrors.SystemSource();
        }

        return string.IsNullOrEmpty(update.Id) ? SessionErrors.MissingId() : null;
    }

    /// <summary>Everything else about the update's form; reported only once the id is known not to be accepted already (<see cref="AnswerMalformedAsync"/>).</summary>
    private ErrorInfo? CheckContent(StateUpdate update)
    {
        if (StateUpdateValidator.Validate(update) is { } invalid)
        {
            return invalid;
        }

        return update.SessionId == SessionId ? null : SessionErrors.WrongSession(SessionId);
    }

    /// <summary>
    /// A malformed update is refused with what <see cref="CheckContent"/> found, unless its id was accepted before:
    /// idempotency comes first, so a resend gets its original answer whatever is wrong with it now.
    /// </summary>
    private async Task<StateUpdateResponse> AnswerMalformedAsync(string updateId, ErrorInfo invalid)
    {
        var response = _updateIds.TryGetVersion(updateId, out var acceptedAt)
            ? StateUpdateResponse.Accepted(VersionText(acceptedAt))
            : await RefuseUnlessLoggedAsync(updateId, invalid);
        if (response.Error is { } error)
        {
            metrics.Rejected(error.Code);
        }

        return response;
    }

    /// <param name="revertedTo">Set for a revert: its broadcast says so, and it may have no operations (nothing to undo).</param>
    private async Task<StateUpdateResponse> ApplyAsync(
        string updateId, string version, IReadOnlyList<StateOperation> operations, long timestamp, string source, string? revertedTo = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await ApplyDurablyAsync(updateId, version, operations, timestamp, source, revertedTo);
        if (response.Error is { } error)
        {
            metrics.Rejected(error.Code);
        }
        else
        {
            metrics.Applied(source, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return response;
    }

    private async Task<StateUpdateResponse> ApplyDurablyAsync(
        string updateId, string version, IReadOnlyList<StateOperation> operations, long timestamp, string source, string? revertedTo)
    {
        var document = _document!;

        // Idempotency comes before the version check (CONTRACT section 5): a resent accepted update gets its original
        // answer, however stale its version.
        if (_updateIds.TryGetVersion(updateId, out var acceptedAt))
        {
            return StateUpdateResponse.Accepted(VersionText(acceptedAt));
        }

        if (_header!.EndedAt is not null)
        {
            return await RefuseUnlessLoggedAsync(updateId, SessionErrors.Ended(SessionId));
        }

        if (version != VersionText(document.Version))
        {
            return await RefuseUnlessLoggedAsync(updateId, SessionErrors.Conflict(version, document.Version));
        }

        var encounterBefore = EncounterActivation.Read(document);
        var lastUpdated = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var rewrite = ViewRewrite.Prepare(document, operations); // null (and free) when nothing is or becomes hidden
        var classesBefore = rewrite is null ? null : CurrentViewClasses();
        var result = document.Apply(operations, lastUpdated, allowEmpty: revertedTo is not null);
        if (result.Update is not { } applied)
        {
            return await RefuseUnlessLoggedAsync(updateId, result.Error!);
        }

        var broadcast = new UpdateBroadcast(
            SessionId, updateId, VersionText(applied.PreviousVersion), VersionText(applied.NewVersion), applied.Operations, timestamp, source, revertedTo);
        var broadcastJson = JsonSerializer.SerializeToUtf8Bytes(broadcast, ContractJson.Options);
        var touchedJson = JsonSerializer.Serialize(applied.TouchedEntities, ContractJson.Options);
        var members = BuildMemberBroadcasts(rewrite, classesBefore, applied, broadcast);
        var logged = new LoggedUpdate(applied.NewVersion, updateId, lastUpdated, Encoding.UTF8.GetString(broadcastJson), touchedJson, MemberBroadcastsJson(members));

        AppendOutcome outcome;
        try
        {
            outcome = await _retry.ExecuteAsync(async token => await store.AppendAsync(SessionId, logged, token), CancellationToken.None);
        }
        catch (Exception e)
        {
            document.Undo(applied);
            // The last attempt may have committed without our hearing of it: start over from what storage holds.
            DeactivateOnIdle();
            LogStorageFailed(e, SessionId, updateId, applied.NewVersion);
            return StateUpdateResponse.Failed(SessionErrors.StorageFailed());
        }

        switch (outcome.Kind)
        {
            case AppendOutcomeKind.VersionTaken:
                document.Undo(applied);
                DeactivateOnIdle();
                var latest = await store.ReadLatestVersionAsync(SessionId, CancellationToken.None) ?? document.Version;
                LogStaleActivation(SessionId, applied.NewVersion, latest);
                return StateUpdateResponse.Failed(SessionErrors.Conflict(version, latest));
            case AppendOutcomeKind.UpdateIdTaken when outcome.ExistingVersion != applied.NewVersion:
                document.Undo(applied);
                return StateUpdateResponse.Accepted(VersionText(outcome.ExistingVersion));
        }

        _updateIds.Add(updateId, applied.NewVersion);
        writeThrough.OnAccepted(applied.NewVersion, applied.TouchedEntities); // write-through hook (a): returns at once
        _snapshots.Record(broadcastJson.Length);
        var sessionBroadcast = new SessionBroadcast(SessionId, applied.NewVersion, broadcastJson, EncounterStartedJson(encounterBefore, applied.NewVersion), members);
        _recent.Add(sessionBroadcast);
        Publish(sessionBroadcast);
        LogUpdateApplied(SessionId, updateId, applied.NewVersion, operations.Count, source);
        MaybeSnapshot();
        return StateUpdateResponse.Accepted(VersionText(applied.NewVersion));
    }

    /// <summary>
    /// Beyond the in-memory window the log may still know the id, and then its original answer wins over
    /// <paramref name="refusal"/>. The log is asked only on the way to a refusal: an accepted id resent valid and at
    /// the current version is caught by the log's unique key when appended (<see cref="AppendOutcomeKind.UpdateIdTaken"/>),
    /// which keeps an accepted update at one statement.
    /// </summary>
    private async Task<StateUpdateResponse> RefuseUnlessLoggedAsync(string updateId, ErrorInfo refusal)
    {
        long? loggedAt;
        try
        {
            loggedAt = await _retry.ExecuteAsync(
                async token => await store.FindUpdateVersionAsync(SessionId, updateId, token), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Whether the id was accepted cannot be known now; the client resends on TRANSACTION_FAILED.
            LogUpdateIdLookupFailed(e, SessionId, updateId);
            return StateUpdateResponse.Failed(SessionErrors.StorageFailed());
        }

        return loggedAt is { } version ? StateUpdateResponse.Accepted(VersionText(version)) : StateUpdateResponse.Failed(refusal);
    }

    private byte[]? EncounterStartedJson(EncounterActivation before, long version)
    {
        var after = EncounterActivation.Read(_document!);
        if (!after.StartedSince(before))
        {
            return null;
        }

        return JsonSerializer.SerializeToUtf8Bytes(new EncounterStarted(SessionId, after.EncounterId!, VersionText(version)), ContractJson.Options);
    }

    private void Publish(SessionBroadcast broadcast)
    {
        if (_observers is { Count: > 0 } observers)
        {
            observers.Notify(o => o.OnBroadcastAsync(broadcast));
        }
    }

    private void NotifyFailure(string? updateId, ErrorInfo error)
    {
        if (_observers is not { Count: > 0 } observers || _header is null)
        {
            return;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new GameStateError(SessionId, updateId ?? string.Empty, error), ContractJson.Options);
        var failure = new SessionUpdateFailed(SessionId, _header.GmUserId, json);
        observers.Notify(o => o.OnUpdateFailedAsync(failure));
    }
}
