using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.GameState.Drill;

/// <summary>
/// The drill: sets up campaigns and sessions, runs GMs and players, injects the faults one after another, measures
/// how long each took to get over, then stops the GMs and checks what the clients were told against each other,
/// the session logs in PostgreSQL and the backing models.
/// </summary>
public sealed class FailoverDrill(DrillOptions options)
{
    private static readonly string[] Characters = ["c1", "c2", "c3"];
    private readonly List<GameMaster> _gms = [];
    private readonly List<HubClient> _clients = [];
    private readonly List<FaultResult> _faults = [];

    public async Task<int> RunAsync(CancellationToken ct)
    {
        using var api = new RestApi(options.Gateways);
        await using var cluster = new LocalCluster(options);
        var deadline = DrillClock.Now + options.MaxDuration.TotalSeconds;

        DrillClock.Log($"setting up {options.Sessions} sessions with {options.PlayersPerSession} players each over {options.GatewayCount} gateway(s)");
        await SetUpAsync(api, ct);
        await cluster.StartAsync(ct);
        foreach (var client in _clients)
        {
            await client.ConnectedAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        }

        using var stopWork = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workload = _gms.Select(gm => Task.Run(() => gm.RunAsync(stopWork.Token), CancellationToken.None)).ToList();
        DrillClock.Log($"workload running; warm-up {options.Warmup.TotalSeconds:0} s");
        await Task.Delay(options.Warmup, ct);

        foreach (var kind in options.Faults)
        {
            if (DrillClock.Now > deadline)
            {
                DrillClock.Log($"time budget used up: {kind} and later faults skipped");
                break;
            }

            var result = kind switch
            {
                "kill-silo" => await SiloFaultAsync(cluster, graceful: false, ct),
                "term-silo" => await SiloFaultAsync(cluster, graceful: true, ct),
                "kill-gateway" => await GatewayFaultAsync(cluster, ct),
                _ => await PostgresFaultAsync(cluster, ct),
            };
            _faults.Add(result);
            DrillClock.Log(Describe(result));
            await Task.Delay(options.Settle, ct);
        }

        DrillClock.Log("stopping the workload (each GM finishes its update in flight)");
        await stopWork.CancelAsync();
        await Task.WhenAll(workload);
        var outcome = await CheckAsync(api, ct);
        await Task.WhenAll(_clients.Select(c => c.DisposeAsync().AsTask()));
        return outcome;
    }

    // --- setup ------------------------------------------------------------------------------------------------

    private async Task SetUpAsync(RestApi api, CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var k = 0; k < options.Sessions; k++)
        {
            var gmUser = $"drill-{run}-gm{k}";
            var gmToken = await api.TokenAsync(gmUser, ct);
            var campaignId = await api.CreateCampaignAsync(gmToken, $"drill {run} #{k}", ct);
            var players = new List<(string User, string Token)>();
            for (var j = 0; j < options.PlayersPerSession; j++)
            {
                var user = $"drill-{run}-p{k}.{j}";
                players.Add((user, await api.TokenAsync(user, ct)));
                await api.AddMemberAsync(gmToken, campaignId, user, ct);
            }

            foreach (var (id, index) in Characters.Select((id, i) => (id, i)))
            {
                await api.CreateEntityAsync(gmToken, campaignId, "characters", new JsonObject { ["id"] = id, ["name"] = $"hero {index}", ["hp"] = 10 }, ct);
            }

            await api.CreateEntityAsync(gmToken, campaignId, "items", new JsonObject { ["id"] = "it-a", ["name"] = "rope" }, ct);
            await api.CreateEntityAsync(gmToken, campaignId, "items", new JsonObject { ["id"] = "it-b", ["name"] = "torch" }, ct);
            var sessionId = await api.CreateSessionAsync(gmToken, campaignId, ct);

            var gmClient = new HubClient($"gm{k}", sessionId, gmToken, options.Gateways, k);
            var gm = new GameMaster(gmClient, sessionId, Characters.Length, options) { CampaignId = campaignId, Token = gmToken };
            gm.SeedItems(["it-a", "it-b"]);
            _gms.Add(gm);
            _clients.Add(gmClient);
            foreach (var ((_, token), j) in players.Select((p, j) => (p, j)))
            {
                _clients.Add(new HubClient($"p{k}.{j}", sessionId, token, options.Gateways, k + j + 1));
            }

            DrillClock.Log($"session {sessionId} (campaign {campaignId})");
        }

        foreach (var client in _clients)
        {
            client.Start(ct);
        }
    }

    // --- faults -----------------------------------------------------------------------------------------------

    private async Task<FaultResult> SiloFaultAsync(LocalCluster cluster, bool graceful, CancellationToken ct)
    {
        var sessions = _gms.Select(g => g.SessionId).ToList();
        var hosts = await cluster.HostsAsync(sessions, ct);
        var victim = hosts.Values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault() ?? "silo-1";
        var result = new FaultResult { Kind = graceful ? "term-silo" : "kill-silo", Process = victim, At = DrillClock.Now };
        result.Affected.AddRange(hosts.Where(h => h.Value == victim).Select(h => h.Key));
        DrillClock.Log($"{result.Kind}: {victim} hosts {result.Affected.Count} of {sessions.Count} sessions; {(graceful ? "SIGTERM" : "SIGKILL")}");

        double gone;
        if (graceful)
        {
            // Recovery counts from SIGTERM; `local.sh stop` returns once the silo has exited.
            result.Injected = await cluster.RunAsync("stop", victim, ct);
            gone = DrillClock.Now;
        }
        else
        {
            // Recovery counts from the SIGKILL itself (local.sh prints its time).
            var killedAt = await cluster.KillAsync(victim, ct);
            result.Injected = killedAt is not null;
            result.At = killedAt ?? result.At;
            gone = result.At;
        }

        await MeasureRecoveryAsync(result, result.At, ct);
        if (graceful)
        {
            // Give late failures a chance to show before counting them.
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            result.Note = $"stop took {gone - result.At:0.0} s";
        }

        result.FailedAttempts = FailuresBetween(result.At, DrillClock.Now);
        if (!graceful)
        {
            await Task.Delay(options.SiloDowntime, ct);
        }

        var restart = DrillClock.Now;
        if (await cluster.RunAsync("start", victim, ct))
        {
            result.RestartSeconds = DrillClock.Now - restart;
        }

        return result;
    }

    private async Task<FaultResult> GatewayFaultAsync(LocalCluster cluster, CancellationToken ct)
    {
        // The gateway serving the most clients (the second one on a tie, so that the first one's URL stays up).
        var index = Enumerable.Range(0, options.GatewayCount)
            .OrderByDescending(g => _clients.Count(c => c.GatewayIndex == g)).ThenByDescending(g => g).First();
        var victim = index == 0 ? "gateway" : $"gateway-{index + 1}";
        var onVictim = _clients.Where(c => c.GatewayIndex == index).ToList();
        var result = new FaultResult { Kind = "kill-gateway", Process = victim, At = DrillClock.Now };
        result.Affected.AddRange(onVictim.Select(c => c.Name));
        DrillClock.Log($"kill-gateway: {victim} serves {onVictim.Count} of {_clients.Count} clients; SIGKILL");
        var killedAt = await cluster.KillAsync(victim, ct);
        result.Injected = killedAt is not null;
        result.At = killedAt ?? result.At;

        if (options.GatewayCount == 1)
        {
            // Nowhere else to go: the clients come back when the gateway does.
            await Task.Delay(options.SiloDowntime, ct);
            var restart = DrillClock.Now;
            if (await cluster.RunAsync("start", victim, ct))
            {
                result.RestartSeconds = DrillClock.Now - restart;
            }
        }

        var limit = result.At + options.RecoveryLimit.TotalSeconds;
        while (DrillClock.Now < limit && onVictim.Any(c => !c.Rejoins.Any(t => t >= result.At)))
        {
            await Task.Delay(100, ct);
        }

        var rejoined = onVictim.Select(c => c.Rejoins.Where(t => t >= result.At).DefaultIfEmpty(double.NaN).Min()).ToList();
        await MeasureRecoveryAsync(result, result.At, ct);
        if (rejoined.Count > 0 && rejoined.All(t => !double.IsNaN(t)))
        {
            result.Recovery = Math.Max(rejoined.Max() - result.At, result.RecoveryAll ?? 0);
        }
        else if (rejoined.Count > 0)
        {
            result.Recovered = false;
            result.Recovery = null;
        }

        result.FailedAttempts = FailuresBetween(result.At, DrillClock.Now);
        if (options.GatewayCount > 1)
        {
            var restart = DrillClock.Now;
            if (await cluster.RunAsync("start", victim, ct))
            {
                result.RestartSeconds = DrillClock.Now - restart;
            }
        }

        return result;
    }

    private async Task<FaultResult> PostgresFaultAsync(LocalCluster cluster, CancellationToken ct)
    {
        var result = new FaultResult { Kind = "kill-postgres", Process = "postgres", At = DrillClock.Now };
        result.Affected.AddRange(_gms.Select(g => g.SessionId));
        DrillClock.Log($"kill-postgres: SIGKILL to the postmaster and its backends; down for {options.PostgresDowntime.TotalSeconds:0} s");
        var killedAt = await cluster.KillAsync("postgres", ct);
        result.Injected = killedAt is not null;
        result.At = killedAt ?? result.At;
        await Task.Delay(options.PostgresDowntime, ct);
        var restart = DrillClock.Now;
        var started = await cluster.RunAsync("start", "postgres", ct);
        var up = DrillClock.Now;
        result.RestartSeconds = started ? up - restart : null;
        result.Downtime = up - result.At;
        await MeasureRecoveryAsync(result, up, ct, ackedAfter: true);
        result.FailedAttempts = FailuresBetween(result.At, DrillClock.Now);
        return result;
    }

    /// <summary>
    /// Waits until every session has an update acknowledged that was first sent at or after <paramref name="from"/>
    /// (or, with <paramref name="ackedAfter"/>, merely acknowledged after it), bounded by the recovery limit.
    /// </summary>
    private async Task MeasureRecoveryAsync(FaultResult result, double from, CancellationToken ct, bool ackedAfter = false)
    {
        double? FirstAck(GameMaster gm)
        {
            lock (gm.Acks)
            {
                // An update sent before the fault and answered at once may have been served before it: it counts only
                // when it needed a resend. (Overestimates by at most one update interval, never underestimates.)
                var ack = gm.Acks.FirstOrDefault(a => a.AckedAt >= from && (ackedAfter || a.FirstSentAt >= from || a.Attempts > 1));
                return ack?.AckedAt;
            }
        }

        var limit = from + options.RecoveryLimit.TotalSeconds;
        while (DrillClock.Now < limit && _gms.Any(gm => FirstAck(gm) is null))
        {
            await Task.Delay(100, ct);
        }

        var firsts = _gms.ToDictionary(gm => gm.SessionId, FirstAck);
        var end = DrillClock.Now;
        var concerned = _gms.Where(g => result.Affected.Contains(g.SessionId) || result.Affected.Contains(g.Client.Name)).ToList();
        foreach (var gm in concerned.Count > 0 ? concerned : _gms)
        {
            lock (gm.Acks)
            {
                // The longest a GM waited for one update (first send to acknowledgement) around the fault.
                var stall = gm.Acks.Where(a => a.AckedAt >= result.At && a.FirstSentAt <= end).Select(a => a.AckedAt - a.FirstSentAt).DefaultIfEmpty(0).Max();
                result.LongestUpdate = Math.Max(result.LongestUpdate ?? 0, stall);
            }
        }

        result.Recovered = firsts.Values.All(v => v is not null);
        if (result.Recovered)
        {
            result.RecoveryAll = firsts.Values.Max()!.Value - from;
            var affected = firsts.Where(f => result.Affected.Contains(f.Key)).Select(f => f.Value!.Value).ToList();
            result.Recovery = affected.Count > 0 ? affected.Max() - from : result.RecoveryAll;
        }
    }

    private int FailuresBetween(double from, double to)
    {
        var count = 0;
        foreach (var gm in _gms)
        {
            lock (gm.Failures)
            {
                count += gm.Failures.Count(f => f.At >= from && f.At <= to);
            }
        }

        return count;
    }

    private static string Describe(FaultResult f)
    {
        static string S(double? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "n/a";
        var text = $"fault {f.Kind} {f.Process}: injected={f.Injected}, affected {f.Affected.Count}, "
            + $"recovery {S(f.Recovery)} (all sessions {S(f.RecoveryAll)}), longest update {S(f.LongestUpdate)}, "
            + $"failed attempts {f.FailedAttempts}, restart {S(f.RestartSeconds)}";
        if (f.Downtime is { } down)
        {
            text += $", down {S(down)}";
        }

        return f.Note is null ? text : $"{text}; {f.Note}";
    }

    // --- checks -----------------------------------------------------------------------------------------------

    private async Task<int> CheckAsync(RestApi api, CancellationToken ct)
    {
        var acknowledged = 0;
        var lost = new List<string>();
        var duplicated = new List<string>();
        var gaps = new List<string>();
        var diverged = new List<string>();
        var backing = new List<string>();
        var anomalies = new List<string>();
        var converged = 0;
        var prunedVerified = 0;

        foreach (var gm in _gms)
        {
            var sid = gm.SessionId;
            acknowledged += gm.Acks.Count;
            anomalies.AddRange(gm.Refused.Select(r => $"{sid}: refused {r}"));
            anomalies.AddRange(gm.Unresolved.Select(u => $"{sid}: unresolved {u}"));

            // The authoritative state, then every client's copy once it has caught up with it.
            var full = await gm.Client.RequestFullAsync(ct);
            if (full is null)
            {
                diverged.Add($"{sid}: requestFull failed");
                continue;
            }

            var finalVersion = long.Parse(full["stateVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var sessionClients = _clients.Where(c => c.SessionId == sid).ToList();
            var wait = DrillClock.Now + 30;
            while (DrillClock.Now < wait && sessionClients.Any(c => c.ReplicaVersion < finalVersion))
            {
                await Task.Delay(100, ct);
            }

            foreach (var client in sessionClients)
            {
                anomalies.AddRange(client.Anomalies);
                var local = client.ReplicaJson() is { } json ? JsonNode.Parse(json) : null;
                if (local is not null && SameState(local, full))
                {
                    converged++;
                }
                else
                {
                    diverged.Add($"{client.Name} ({sid}): local version {client.ReplicaVersion}, server {finalVersion}");
                }
            }

            // Acknowledged updates against the log in PostgreSQL.
            var log = await SessionLog.ReadAsync(options.Postgres, sid, ct);
            var byId = new Dictionary<string, List<long>>(StringComparer.Ordinal);
            foreach (var (version, updateId) in log.Rows)
            {
                (byId.TryGetValue(updateId, out var list) ? list : byId[updateId] = []).Add(version);
            }

            duplicated.AddRange(byId.Where(p => p.Value.Count > 1).Select(p => $"{sid}: update {p.Key} logged at versions {string.Join(",", p.Value)}"));
            var firstLogged = log.Rows.Count > 0 ? log.Rows[0].Version : finalVersion + 1;
            for (var i = 1; i < log.Rows.Count; i++)
            {
                if (log.Rows[i].Version != log.Rows[i - 1].Version + 1)
                {
                    gaps.Add($"{sid}: log jumps from version {log.Rows[i - 1].Version} to {log.Rows[i].Version}");
                }
            }

            if (firstLogged > Math.Max(log.SnapshotVersion, 1) + 1)
            {
                gaps.Add($"{sid}: log starts at {firstLogged}, snapshot is at {log.SnapshotVersion}");
            }

            var lastLogged = log.Rows.Count > 0 ? log.Rows[^1].Version : Math.Max(log.SnapshotVersion, 1);
            if (lastLogged != finalVersion)
            {
                gaps.Add($"{sid}: log ends at {lastLogged}, state is at {finalVersion}");
            }

            foreach (var group in gm.Acks.GroupBy(a => a.Version).Where(g => g.Count() > 1))
            {
                duplicated.Add($"{sid}: version {group.Key} acknowledged for {group.Count()} different updates");
            }

            foreach (var ack in gm.Acks)
            {
                if (byId.TryGetValue(ack.UpdateId, out var versions))
                {
                    if (!versions.Contains(ack.Version))
                    {
                        lost.Add($"{sid}: {ack.UpdateId} acknowledged at {ack.Version}, logged at {string.Join(",", versions)}");
                    }
                }
                else if (ack.Version < firstLogged && ack.Version <= log.SnapshotVersion)
                {
                    prunedVerified++; // pruned behind a snapshot; counted by the state's counter below
                }
                else
                {
                    lost.Add($"{sid}: {ack.UpdateId} acknowledged at {ack.Version} is not in the log");
                }
            }

            // Every GM update increments pluginData.drill.count once: the state's count is the number applied.
            var count = full["pluginData"]?["drill"]?["count"]?.GetValue<long>() ?? 0;
            var resolved = gm.Acks.Count;
            if (count > resolved + gm.Unresolved.Count)
            {
                duplicated.Add($"{sid}: state counted {count} updates, {resolved} were acknowledged");
            }
            else if (count < resolved)
            {
                lost.Add($"{sid}: state counted {count} updates, {resolved} were acknowledged");
            }

            if (finalVersion - 1 != count)
            {
                gaps.Add($"{sid}: state version {finalVersion} after {count} counted updates");
            }

            // The backing models: the state's characters and items, written through (bounded wait for the lag).
            var mismatch = await CompareBackingModelsAsync(api, gm, full, ct);
            if (mismatch is not null)
            {
                backing.Add($"{sid}: {mismatch}");
            }
        }

        var failedAttempts = _gms.Sum(g => g.Failures.Count);
        var ok = lost.Count == 0 && duplicated.Count == 0 && gaps.Count == 0 && diverged.Count == 0 && backing.Count == 0
            && anomalies.Count == 0 && _faults.All(f => f.Injected && f.Recovered);
        var killSilo = _faults.Where(f => f.Kind == "kill-silo").ToList();
        if (killSilo.Any(f => f.Recovery is not { } r || r > options.FailoverTarget.TotalSeconds))
        {
            ok = false;
            DrillClock.Log($"a kill-silo recovery exceeded the failover target of {options.FailoverTarget.TotalSeconds:0} s");
        }

        if (_faults.Any(f => f.Kind == "term-silo" && f.FailedAttempts > 0))
        {
            ok = false;
            DrillClock.Log("graceful shutdown (term-silo) caused failed update attempts");
        }

        foreach (var line in lost.Concat(duplicated).Concat(gaps).Concat(diverged).Concat(backing).Concat(anomalies).Take(40))
        {
            DrillClock.Log("  problem: " + line);
        }

        Console.WriteLine($"drill: faults injected {_faults.Count(f => f.Injected)} of {options.Faults.Count}");
        foreach (var fault in _faults)
        {
            Console.WriteLine("drill:   " + Describe(fault));
        }

        Console.WriteLine($"drill: updates acknowledged {acknowledged}, lost {lost.Count}, duplicated {duplicated.Count}, "
            + $"version gaps {gaps.Count}, failed attempts resent {failedAttempts}, refused/unresolved {anomalies.Count(a => a.Contains(": refused ", StringComparison.Ordinal) || a.Contains(": unresolved ", StringComparison.Ordinal))}"
            + (prunedVerified > 0 ? $", {prunedVerified} pruned from the log (checked by count)" : ""));
        Console.WriteLine($"drill: clients converged {converged}/{_clients.Count}, backing models equal {_gms.Count - backing.Count}/{_gms.Count}, "
            + $"client anomalies {anomalies.Count}, rejoins {_clients.Sum(c => c.Rejoins.Count)}, gaps repaired {_clients.Sum(c => c.GapsRepaired)}");
        Console.WriteLine(ok ? "drill: PASS" : "drill: FAIL");

        if (options.ReportPath is { } path)
        {
            var report = new
            {
                passed = ok,
                faults = _faults,
                acknowledged,
                lost,
                duplicated,
                gaps,
                diverged,
                backing,
                anomalies,
                converged,
                clients = _clients.Count,
                failedAttempts,
            };
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }), ct);
        }

        return ok ? 0 : 1;
    }

    private static bool SameState(JsonNode a, JsonNode b)
    {
        var x = a.DeepClone().AsObject();
        var y = b.DeepClone().AsObject();
        x.Remove("lastUpdated");
        y.Remove("lastUpdated");
        return JsonNode.DeepEquals(x, y);
    }

    private async Task<string?> CompareBackingModelsAsync(RestApi api, GameMaster gm, JsonNode state, CancellationToken ct)
    {
        string? mismatch = null;
        var until = DrillClock.Now + 45;
        while (true)
        {
            mismatch = null;
            foreach (var kind in new[] { "characters", "items" })
            {
                var expected = (state[kind] as JsonArray ?? []).Select(e => e!.AsObject()).ToDictionary(e => e["id"]!.GetValue<string>(), StringComparer.Ordinal);
                var stored = await api.ListAsync(gm.Token, gm.CampaignId, kind, includeDeleted: true, ct);
                foreach (var entity in stored.Select(e => e!.AsObject()))
                {
                    var id = entity["id"]!.GetValue<string>();
                    var deleted = entity["deleted"]?.GetValueKind() == JsonValueKind.True;
                    if (expected.Remove(id, out var inState))
                    {
                        var copy = entity.DeepClone().AsObject();
                        copy.Remove("deleted");
                        if (deleted || !JsonNode.DeepEquals(copy, inState))
                        {
                            mismatch ??= $"{kind}/{id}: stored {entity.ToJsonString()}, state {inState.ToJsonString()}";
                        }
                    }
                    else if (!deleted)
                    {
                        mismatch ??= $"{kind}/{id} is stored but not in the state (and not marked deleted)";
                    }
                }

                if (expected.Count > 0)
                {
                    mismatch ??= $"{kind}/{expected.Keys.First()} is in the state but not stored";
                }
            }

            if (mismatch is null || DrillClock.Now > until)
            {
                return mismatch;
            }

            await Task.Delay(500, ct);
        }
    }
}
