using Orleans.GameState.Sessions;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>
/// Presence (CONTRACT section 9): every gateway's relay reports the users of its connections joined here, as a lease
/// it renews with its subscription; the grain keeps the union and tells every relay when it changes. A gateway that
/// dies stops renewing, and a sweep drops its lease within <see cref="SessionOptions.PresenceLease"/> plus
/// <see cref="SessionOptions.PresenceSweepInterval"/>. Leases live in memory only: after the grain moves to another
/// silo the relays' next renewals (every few seconds) rebuild them.
/// </summary>
public sealed partial class GameSessionGrain
{
    private readonly Dictionary<string, PresenceLease> _presenceLeases = new(StringComparer.Ordinal);
    private PresenceSnapshot? _presence;
    private IGrainTimer? _presenceSweep;

    public Task<PresenceSnapshot> ReportPresenceAsync(PresenceReport report)
    {
        if (_document is null || _header is null)
        {
            return Task.FromResult(new PresenceSnapshot(SessionId, 0, [], null));
        }

        var stale = _presenceLeases.TryGetValue(report.GatewayId, out var held) && held.Sequence >= report.Sequence;
        if (!stale)
        {
            if (report.UserIds.Length == 0)
            {
                _presenceLeases.Remove(report.GatewayId);
            }
            else
            {
                _presenceLeases[report.GatewayId] = new PresenceLease(report.Sequence, report.UserIds, clock.GetUtcNow() + _options.PresenceLease);
            }

            RecomputePresence();
        }

        return Task.FromResult(CurrentPresence());
    }

    private PresenceSnapshot CurrentPresence() => _presence ??= new PresenceSnapshot(SessionId, NextPresenceRevision(), [], _header?.GmUserId);

    /// <summary>Unions the leases; when the set of users differs from the last one, relays are told.</summary>
    private void RecomputePresence()
    {
        var users = _presenceLeases.Values.SelectMany(lease => lease.UserIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var current = CurrentPresence();
        if (!current.UserIds.SequenceEqual(users, StringComparer.Ordinal))
        {
            var changed = new PresenceSnapshot(SessionId, NextPresenceRevision(), users, _header?.GmUserId);
            _presence = changed;
            if (_observers is { Count: > 0 } observers)
            {
                observers.Notify(o => o.OnPresenceAsync(changed));
            }
        }

        if (_presenceLeases.Count > 0)
        {
            _presenceSweep ??= this.RegisterGrainTimer(SweepPresenceAsync, _options.PresenceSweepInterval, _options.PresenceSweepInterval);
        }
        else
        {
            _presenceSweep?.Dispose();
            _presenceSweep = null;
        }
    }

    private Task SweepPresenceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lapsed = _presenceLeases.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList();
        foreach (var gatewayId in lapsed)
        {
            _presenceLeases.Remove(gatewayId);
            LogPresenceLeaseLapsed(SessionId, gatewayId);
        }

        if (lapsed.Count > 0)
        {
            RecomputePresence();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Revisions order snapshots for relays across activations too: a new activation starts from the clock (in
    /// microsecond-sized steps), so its snapshots outrank those of the activation before it.
    /// </summary>
    private long NextPresenceRevision()
    {
        var fromClock = clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        return Math.Max((_presence?.Revision ?? 0) + 1, fromClock);
    }

    private sealed record PresenceLease(long Sequence, string[] UserIds, DateTimeOffset ExpiresAt);
}
