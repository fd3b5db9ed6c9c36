using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.GameState.Client;
using Orleans.GameState.Contract;
using Orleans.GameState.Load.Metrics;
using Orleans.GameState.Load.Reporting;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// Our system under load: per session one GM on the SDK sending updates (closed loop or at a rate) and players
/// (SDK or raw) receiving them through the real gateway. Ends by checking that every player holds the server's state.
/// </summary>
public static class GatewayPhase
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    public static async Task<PhaseResult> RunAsync(
        PhaseContext context, string name, IReadOnlyList<SessionSpec> sessions, PlayerClient playerClient, CancellationToken cancellationToken, GatewayPhaseShape? shape = null)
    {
        shape ??= GatewayPhaseShape.Default;
        var options = context.Options;
        var metrics = new PhaseMetrics();
        var sendTimes = new SendTimes(sessions.Count);
        var generator = new UpdateGenerator(options.OperationsPerUpdate);
        var next = shape.Operations ?? generator.Next;
        var gms = new GameSessionClient[sessions.Count];
        var players = new ConcurrentBag<IPlayer>();
        var notes = new List<string>();
        try
        {
            context.Progress.Line($"{name}: connecting {sessions.Count} GM(s)");
            await context.ForEachAsync(sessions, async session =>
            {
                var token = await context.Api.TokenAsync(session.Gm);
                var gm = new GameSessionClient(context.Api.Gateway, () => Task.FromResult(token), SdkPlayer.ClientOptions());
                gms[session.Index] = gm;
                await gm.JoinAsync(session.SessionId, cancellationToken);
                if (options.StateBytes > 0)
                {
                    foreach (var padding in UpdateGenerator.Padding(gm.GetStateJson().Length, options.StateBytes))
                    {
                        (await gm.UpdateAsync(padding)).EnsureSuccess();
                    }
                }

                foreach (var setup in shape.Setup?.Invoke(session) ?? [])
                {
                    (await gm.UpdateAsync(setup)).EnsureSuccess();
                }
            });
            var stateBytes = gms[0].GetStateJson().Length;
            notes.Add($"state size at start: {stateBytes:N0} bytes");

            var playerCount = sessions.Sum(s => s.Players.Count);
            context.Progress.Line($"{name}: joining {playerCount} {playerClient.ToString().ToLowerInvariant()} player(s)");
            await context.ForEachAsync(sessions.SelectMany(s => s.Players.Select(p => (Session: s, Player: p))), async pair =>
            {
                var token = await context.Api.TokenAsync(pair.Player);
                players.Add(playerClient == PlayerClient.Sdk
                    ? await SdkPlayer.JoinAsync(context.Api.Gateway, token, pair.Session.SessionId, pair.Session.Index, pair.Player, metrics, sendTimes)
                    : await RawPlayer.JoinAsync(new Uri(context.Api.Gateway, HubProtocol.Path), token, pair.Session.SessionId, pair.Session.Index, pair.Player, metrics, sendTimes, shape.RawPlayersKeepState));
            });
            if (shape.PlayersJoinedAsync is { } playersJoined)
            {
                await playersJoined(cancellationToken);
            }

            context.Progress.Line($"{name}: running ({options.Warmup.TotalSeconds:F0} s warm-up, {options.Duration.TotalSeconds:F0} s measured)");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var loops = sessions.Select(s => Task.Run(() => GmLoopAsync(gms[s.Index], s.Index, options, next, metrics, sendTimes, stop.Token), CancellationToken.None)).ToList();
            var monitor = new PhaseMonitor(name, metrics, context.Sampler(bareHub: false), context.Progress);
            try
            {
                await monitor.RunAsync(options.Warmup, options.Duration, cancellationToken);
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(loops);
            }

            context.Progress.Line($"{name}: draining and checking convergence");
            var convergence = await ConvergeAsync(context, sessions, players.ToList(), metrics, playerClient, shape);
            foreach (var player in players)
            {
                player.Audit(metrics);
            }

            return new PhaseResult
            {
                Name = name,
                Kind = "gateway",
                Description = $"{sessions.Count} session(s) x {sessions[0].Players.Count} {playerClient.ToString().ToLowerInvariant()} player(s) through the gateway, GM on the SDK, " +
                              (options.Rate > 0 ? $"{options.Rate} updates/s per GM" : "closed loop") + $", {options.OperationsPerUpdate} op(s)/update",
                Sessions = sessions.Count,
                PlayersPerSession = sessions[0].Players.Count,
                PlayerClient = playerClient.ToString().ToLowerInvariant(),
                Rate = options.Rate,
                Concurrency = sessions.Count,
                MeasuredSeconds = Math.Round(metrics.MeasuredSeconds, 2),
                Acked = metrics.Acked,
                AckedPerSecond = Math.Round(metrics.Acked / Math.Max(metrics.MeasuredSeconds, 1e-3), 1),
                RoundTrip = metrics.RoundTrip.Summary(),
                Deliveries = metrics.Deliveries,
                DeliveriesPerSecond = Math.Round(metrics.Deliveries / Math.Max(metrics.MeasuredSeconds, 1e-3), 1),
                Delivery = metrics.Delivery.Summary(),
                AveragePayloadBytes = Math.Round(metrics.AveragePayloadBytes),
                ErrorsByCode = new SortedDictionary<string, long>(metrics.ErrorsByCode),
                Violations = new SortedDictionary<string, long>(metrics.Violations),
                ViolationExamples = [.. metrics.ViolationExamples],
                Convergence = convergence,
                Resources = monitor.Usage(),
                MachineCpuPercent = monitor.MachineCpuPercent,
                Series = monitor.Series,
                Notes = notes,
            };
        }
        finally
        {
            await Task.WhenAll(players.Select(p => p.DisposeAsync().AsTask())
                .Concat(gms.OfType<GameSessionClient>().Select(g => g.DisposeAsync().AsTask())));
        }
    }

    private static async Task GmLoopAsync(GameSessionClient gm, int session, LoadOptions options, Func<Random, StateOperation[]> next, PhaseMetrics metrics, SendTimes sendTimes, CancellationToken stop)
    {
        var random = new Random(options.Seed * 7919 + session);
        var pacer = new OpenLoopPacer(options.Rate, random);
        while (await pacer.WaitAsync(stop))
        {
            var operations = next(random);
            long sent = 0;
            try
            {
                var response = await gm.UpdateAsync(state =>
                {
                    sent = Stopwatch.GetTimestamp();
                    sendTimes.Sent(session, state.Version + 1, sent);
                    return operations;
                }).WaitAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
                if (response.Success)
                {
                    metrics.Acknowledged(sent);
                }
                else
                {
                    metrics.Failed(response.Error?.Code ?? "UNKNOWN");
                }
            }
            catch (Exception e) when (e is GameStateException or TimeoutException or InvalidOperationException or ObjectDisposedException or Microsoft.AspNetCore.SignalR.HubException)
            {
                metrics.Failed(e is GameStateException g ? g.Error?.Code ?? "CLIENT" : "CLIENT:" + e.GetType().Name);
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    /// <summary>Waits (bounded) until every player holds the server's version, then compares their states with the server's.</summary>
    private static async Task<Convergence> ConvergeAsync(
        PhaseContext context, IReadOnlyList<SessionSpec> sessions, IReadOnlyList<IPlayer> players, PhaseMetrics metrics, PlayerClient playerClient, GatewayPhaseShape shape)
    {
        var serverStates = new ConcurrentDictionary<int, (long Version, string Json)>();
        await context.ForEachAsync(sessions, async session =>
        {
            var json = await context.Api.StateAsync(session.Gm, session.SessionId);
            var version = long.Parse(JsonNode.Parse(json)!["stateVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            serverStates[session.Index] = (version, json);
        });

        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (players.Any(p => p.Version < serverStates[p.Session].Version) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100);
        }

        var problems = new List<string>();
        var converged = 0;
        foreach (var player in players)
        {
            var (version, json) = serverStates[player.Session];
            if (player.Version != version)
            {
                problems.Add($"{player.UserId}: at version {player.Version}, server at {version} after {DrainTimeout.TotalSeconds:F0} s");
                metrics.Violation("not converged", $"{player.UserId}: version {player.Version} of {version}");
                continue;
            }

            var expected = shape.ExpectedState is { } view ? view(json, player.UserId) : json;
            if (player.StateJson() is { } mine && !SameState(mine, expected))
            {
                var what = shape.ExpectedState is null ? "the server's" : "the view it should have";
                problems.Add($"{player.UserId}: state differs from {what} at version {version}");
                metrics.Violation("not converged", $"{player.UserId}: state differs from {what} at version {version}");
                continue;
            }

            converged++;
        }

        return new Convergence(players.Count, converged, sessions.Count,
            shape.ConvergenceMethod.Length > 0 ? shape.ConvergenceMethod
            : playerClient == PlayerClient.Sdk
                ? "each player's state JSON equals GET /api/sessions/{id}/state (lastUpdated aside) at the server's final version"
                : "each player received every version up to the server's final version (raw players keep no state)",
            problems.Take(20).ToList());
    }

    /// <summary>Deep equality of two states, object keys in any order, ignoring <c>lastUpdated</c> (set from the broadcast's timestamp on clients).</summary>
    public static bool SameState(string a, string b)
    {
        var left = JsonNode.Parse(a)!.AsObject();
        var right = JsonNode.Parse(b)!.AsObject();
        left.Remove("lastUpdated");
        right.Remove("lastUpdated");
        return JsonNode.DeepEquals(left, right);
    }
}
