using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.GameState.Contract;
using Orleans.GameState.Gateway.Hubs;
using Orleans.GameState.Sessions;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>
/// Relays one session's broadcasts to this gateway's connections joined to it: strictly in version
/// order, each version once. Events that arrive out of order wait briefly for the ones before them;
/// a gap that does not fill is repaired from the session's log. A joining connection gets only versions
/// above the state it was given (its floor), which makes joining gap-free while updates flow.
/// </summary>
public sealed partial class SessionRelay(
    string sessionId,
    IGameSessionGrain grain,
    IGrainFactory grains,
    ConnectionOutboxes outboxes,
    RelayOptions options,
    ILogger logger) : ISessionObserver
{
    private sealed class Member(string? userId)
    {
        public string? UserId { get; } = userId;

        /// <summary>The version of the state the connection was given; null while it is still joining.</summary>
        public long? Floor { get; set; }

        /// <summary>Whether the connection joined as the GM (who gets the full broadcasts), as the grain said on join.</summary>
        public bool IsGm { get; set; }

        public List<ViewedBroadcast> Early { get; } = [];
    }

    private readonly object _gate = new();
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, SessionBroadcast> _pending = [];
    private long _delivered = -1;
    private ISessionObserver? _reference;

    /// <summary>The session's GM, as its grain said when the relay (re)subscribed; null before that, or from a silo too old to say.</summary>
    private string? _gmUserId;
    private Task<bool>? _subscription;
    private bool _repairScheduled;

    public string SessionId { get; } = sessionId;

    public bool IsEmpty
    {
        get { lock (_gate) { return _members.Count == 0; } }
    }

    public long DeliveredVersion
    {
        get { lock (_gate) { return _delivered; } }
    }

    public void AddConnection(string connectionId, string? userId)
    {
        lock (_gate)
        {
            _members.TryAdd(connectionId, new Member(userId));
        }
    }

    /// <summary>True when the connection was the relay's last.</summary>
    public bool RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            return _members.Remove(connectionId) && _members.Count == 0;
        }
    }

    /// <summary>The connection was given the state at <paramref name="version"/> (the GM's state when <paramref name="isGm"/>,
    /// else the member's view): from now on it gets what follows, in the same view.</summary>
    public void SetFloor(string connectionId, long version, bool isGm = false)
    {
        lock (_gate)
        {
            if (!_members.TryGetValue(connectionId, out var member))
            {
                return;
            }

            member.Floor = version;
            member.IsGm = isGm;
            foreach (var early in member.Early)
            {
                SendTo(connectionId, member, early);
            }

            member.Early.Clear();
        }
    }

    /// <summary>Subscribes once for all joiners; false when the session does not exist.</summary>
    public Task<bool> EnsureSubscribedAsync()
    {
        lock (_gate)
        {
            if (_subscription is null || _subscription.IsFaulted || _subscription.IsCanceled)
            {
                _subscription = SubscribeAsync();
            }

            return _subscription;
        }
    }

    /// <summary>Renews the registration (re-creating it after a silo failure) and repairs any version missed meanwhile.</summary>
    public async Task RenewAsync()
    {
        if (_reference is null)
        {
            return;
        }

        var subscription = await grain.SubscribeAsync(_reference);
        lock (_gate)
        {
            _gmUserId = subscription.GmUserId ?? _gmUserId;
            if (subscription.Exists && _delivered >= 0 && subscription.CurrentVersion > _delivered)
            {
                ScheduleRepair(TimeSpan.Zero);
            }
        }

        await ReportPresenceAsync(); // renews this gateway's presence lease
    }

    public async Task CloseAsync()
    {
        if (_reference is not { } reference)
        {
            return;
        }

        try
        {
            await grain.UnsubscribeAsync(reference);
        }
        finally
        {
            grains.DeleteObjectReference<ISessionObserver>(reference);
        }
    }

    public Task OnBroadcastAsync(SessionBroadcast broadcast)
    {
        lock (_gate)
        {
            Accept(broadcast);
        }

        return Task.CompletedTask;
    }

    public Task OnUpdateFailedAsync(SessionUpdateFailed failure)
    {
        lock (_gate)
        {
            SendToGm(failure.GmUserId, () => failure.ErrorJson);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// An update the gateway refused itself (rate, argument types) without calling the grain: the same
    /// <c>gameState:error</c> the grain sends for its own refusals, serialised the same way, but only to the GM's
    /// connections joined here. Nothing is sent before the relay has learnt who the GM is.
    /// </summary>
    public void ReportRefusedUpdate(string? updateId, ErrorInfo error)
    {
        lock (_gate)
        {
            if (_gmUserId is { } gmUserId)
            {
                SendToGm(gmUserId, () => JsonSerializer.SerializeToUtf8Bytes(new GameStateError(SessionId, updateId ?? string.Empty, error), ContractJson.Options));
            }
        }
    }

    /// <summary>Queues a <c>gameState:error</c> for every joined connection of the GM; the payload is made only if there is one.</summary>
    private void SendToGm(string gmUserId, Func<byte[]> errorJson)
    {
        OutboundEvent? error = null;
        foreach (var (connectionId, member) in _members)
        {
            if (member.UserId == gmUserId && member.Floor is not null && outboxes.TryGet(connectionId, out var outbox))
            {
                error ??= OutboundEvent.Of(HubProtocol.Events.Error, errorJson(), Stopwatch.GetTimestamp());
                outbox.TryEnqueue(error.Value);
            }
        }
    }

    private async Task<bool> SubscribeAsync()
    {
        _reference ??= grains.CreateObjectReference<ISessionObserver>(this);
        var subscription = await grain.SubscribeAsync(_reference);
        lock (_gate)
        {
            _gmUserId = subscription.GmUserId ?? _gmUserId;
            if (subscription.Exists && _delivered < 0)
            {
                _delivered = subscription.CurrentVersion;
                Drain();
            }
        }

        return subscription.Exists;
    }

    private void Accept(SessionBroadcast broadcast)
    {
        if (broadcast.Version <= _delivered && _delivered >= 0)
        {
            return;
        }

        _pending.TryAdd(broadcast.Version, broadcast);
        if (_delivered >= 0)
        {
            Drain();
        }
    }

    private void Drain()
    {
        while (_pending.Count > 0)
        {
            var (version, next) = _pending.First();
            if (version <= _delivered)
            {
                _pending.Remove(version);
                continue;
            }

            if (version != _delivered + 1)
            {
                ScheduleRepair(options.GapRepairDelay);
                return;
            }

            _pending.Remove(version);
            _delivered = version;
            var frames = new ViewedBroadcast(next, Stopwatch.GetTimestamp());
            foreach (var (connectionId, member) in _members)
            {
                SendTo(connectionId, member, frames);
            }
        }
    }

    private void SendTo(string connectionId, Member member, ViewedBroadcast broadcast)
    {
        if (member.Floor is not { } floor)
        {
            member.Early.Add(broadcast);
            return;
        }

        if (broadcast.Version <= floor || !outboxes.TryGet(connectionId, out var outbox))
        {
            return;
        }

        var frames = broadcast.For(member.UserId, member.IsGm);

        if (outbox.TryEnqueue(frames.Updated) && frames.EncounterStarted is { } started)
        {
            outbox.TryEnqueue(started);
        }
    }

    private void ScheduleRepair(TimeSpan delay)
    {
        if (_repairScheduled)
        {
            return;
        }

        _repairScheduled = true;
        _ = RepairAsync(delay);
    }

    private async Task RepairAsync(TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            long since;
            lock (_gate)
            {
                _repairScheduled = false;
                if (_pending.Count == 0 && delay > TimeSpan.Zero)
                {
                    return;
                }

                since = _delivered;
            }

            var view = await grain.ReadBroadcastsSinceAsync(since);
            lock (_gate)
            {
                if (view.Updates is { } updates)
                {
                    foreach (var update in updates)
                    {
                        _pending.TryAdd(update.Version, update);
                    }

                    LogRepaired(SessionId, since, updates.Count);
                }
                else if (view.Error?.Code == ErrorCodes.HistoryUnavailable && _pending.Count > 0)
                {
                    // The missing versions are gone from the log: move on; clients see the jump and refetch.
                    _delivered = _pending.Keys.First() - 1;
                    LogSkipped(SessionId, since, _delivered);
                }

                Drain();
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _repairScheduled = false;
            }

            LogRepairFailed(e, SessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {SessionId} repaired a gap after version {Since} with {Count} updates from the log")]
    private partial void LogRepaired(string sessionId, long since, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay {SessionId} could not repair after {Since}: history gone; skipping to {Version}")]
    private partial void LogSkipped(string sessionId, long since, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay {SessionId} gap repair failed; the next renewal retries")]
    private partial void LogRepairFailed(Exception exception, string sessionId);
}
