using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Orleans.GameState.Client;
using Orleans.GameState.Client.Plugins;
using Orleans.GameState.Client.Rest;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Samples.ConsoleSample;

/// <summary>
/// One GM and two players in a session: the GM creates a campaign with a character and opens a session through the
/// REST API, everyone joins with the client SDK (the GM prints who is at the table), the GM changes the character's
/// hit points and reverts a mistaken hit, the players print what they see.
/// </summary>
public static class SampleScenario
{
    private static readonly (string What, int Change)[] Rounds =
    [
        ("hit by a goblin", -4),
        ("hit by an arrow", -3),
        ("drinks a potion", +5),
        ("falls into a pit", -6),
        ("is healed by the cleric", +4),
    ];

    /// <returns>0 when both players saw every change, 1 otherwise.</returns>
    public static async Task<int> RunAsync(Uri gateway, TextWriter output, CancellationToken cancellationToken = default)
    {
        var print = TextWriter.Synchronized(output);
        var run = Guid.NewGuid().ToString("N")[..6];
        print.WriteLine($"gateway {gateway}");

        // 1. REST (the SDK's GameStateRestClient): tokens, a campaign with two players and one character, a session.
        using var anonymous = new GameStateRestClient(gateway);
        var (gmId, aliceId, bobId) = ($"gm-{run}", $"alice-{run}", $"bob-{run}");
        var tokens = new Dictionary<string, string>();
        foreach (var user in new[] { gmId, aliceId, bobId })
        {
            tokens[user] = await anonymous.CreateDevTokenAsync(user, cancellationToken);
        }

        using var gmApi = GameStateRestClient.WithToken(gateway, tokens[gmId]);
        var campaign = await gmApi.CreateCampaignAsync($"Sample campaign {run}", cancellationToken);
        await gmApi.AddMemberAsync(campaign.Id, aliceId, cancellationToken);
        await gmApi.AddMemberAsync(campaign.Id, bobId, cancellationToken);
        var character = await gmApi.CreateEntityAsync(campaign.Id, EntityKinds.Characters, new JsonObject { ["name"] = "Aria", ["hp"] = 20, ["maxHp"] = 20 }, cancellationToken);
        var characterId = character["id"]!.GetValue<string>();
        var session = await gmApi.CreateSessionAsync(campaign.Id, cancellationToken);
        var sessionId = session.SessionId;
        print.WriteLine($"campaign {campaign.Id}: GM {gmId}, players {aliceId} and {bobId}");
        print.WriteLine($"session {sessionId} at version {session.StateVersion}, character {characterId} (Aria, 20 hp)");

        // 2. The SDK: three clients, each with its own token, joined to the session.
        await using var gm = Connect(gateway, tokens[gmId]);
        await using var alice = Connect(gateway, tokens[aliceId]);
        await using var bob = Connect(gateway, tokens[bobId]);
        Watch(alice, "alice", characterId, print);
        Watch(bob, "bob", characterId, print);
        await gm.JoinAsync(sessionId, cancellationToken);
        await alice.JoinAsync(sessionId, cancellationToken);
        await bob.JoinAsync(sessionId, cancellationToken);
        print.WriteLine($"[gm]    joined as GM: {gm.IsGm}; Aria has {HitPoints(gm, characterId)} hp");
        await WaitAsync(() => gm.Presence.Count == 3, cancellationToken);
        print.WriteLine($"[gm]    at the table: {string.Join(", ", gm.Presence.Select(u => u.IsGm ? $"{u.UserId} (GM)" : u.UserId))}");

        // 3. The GM changes Aria's hit points; each update is confirmed before the next goes out.
        foreach (var (what, change) in Rounds)
        {
            var hp = Math.Clamp(HitPoints(gm, characterId) + change, 0, 20);
            var response = await gm.UpdateCharacterAsync(characterId, new Dictionary<string, object?> { ["hp"] = hp }, cancellationToken);
            response.EnsureSuccess();
            print.WriteLine($"[gm]    Aria {what}: hp {hp} (version {response.NewVersion})");
        }

        // 4. A fireball meant for the goblin hits Aria by mistake; the GM reverts it (one new version whose state is
        // that of the version before the fireball). A gateway without revert answers the call with an error.
        var beforeFireball = gm.Version;
        var fireball = await gm.UpdateCharacterAsync(characterId, new Dictionary<string, object?> { ["hp"] = Math.Max(HitPoints(gm, characterId) - 7, 0) }, cancellationToken);
        fireball.EnsureSuccess();
        print.WriteLine($"[gm]    Aria hit by a fireball meant for the goblin: hp {HitPoints(gm, characterId)} (version {fireball.NewVersion})");
        try
        {
            var revert = await gm.RevertAsync(beforeFireball, cancellationToken);
            revert.EnsureSuccess();
            print.WriteLine($"[gm]    reverted the fireball: version {revert.NewVersion} restores version {beforeFireball}, Aria has {HitPoints(gm, characterId)} hp");
        }
        catch (HubException e)
        {
            print.WriteLine($"[gm]    revert not available on this gateway: {e.Message}");
        }

        // 5. Both players end at the GM's version with the GM's numbers.
        await WaitAsync(() => alice.Version == gm.Version && bob.Version == gm.Version, cancellationToken);
        var agreed = alice.Version == gm.Version && bob.Version == gm.Version
            && HitPoints(alice, characterId) == HitPoints(gm, characterId) && HitPoints(bob, characterId) == HitPoints(gm, characterId);
        print.WriteLine(agreed
            ? $"done: GM and both players at version {gm.Version}, Aria has {HitPoints(gm, characterId)} hp"
            : $"MISMATCH: gm v{gm.Version}, alice v{alice.Version}, bob v{bob.Version}");
        return agreed ? 0 : 1;
    }

    private static GameSessionClient Connect(Uri gateway, string token) => new(gateway, () => Task.FromResult(token));

    /// <summary>Waits (up to 15 s) for something the server sends to arrive.</summary>
    private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>A player prints every change of its copy: what the operations did, and Aria's hit points after it.</summary>
    private static void Watch(GameSessionClient player, string name, string characterId, TextWriter print)
    {
        player.StateChanged += (_, change) =>
        {
            var hp = HitPoints(player, characterId);
            if (change.Update is { } update)
            {
                var what = string.Join(", ", update.Operations.Select(o =>
                    $"{o.Operation} {o.Path} {(o.HasPrevious ? o.Previous.GetRawText() : "-")} -> {(o.HasValue ? o.Value.GetRawText() : "-")}"));
                var revert = update.RevertedTo is { } to ? $" (revert to version {to})" : "";
                print.WriteLine($"[{name,-5}] version {change.Version}{revert}: {what}; Aria now has {hp} hp");
            }
            else
            {
                var how = change.Kind == GameStateChangeKind.Loaded ? "loaded its stored copy" : "got the state";
                print.WriteLine($"[{name,-5}] {how} at version {change.Version}; Aria has {hp} hp");
            }
        };
    }

    private static long HitPoints(GameSessionClient client, string characterId) =>
        client.GetCharacter(characterId)?["hp"]?.GetValue<long>() ?? -1;
}
