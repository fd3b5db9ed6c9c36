using Orleans.GameState.Client;
using Orleans.GameState.Client.Plugins;

namespace Orleans.GameState.Samples.ConsoleSample;

/// <summary>
/// One GM and two players in a session: the GM creates a campaign with a character and opens a session through the
/// REST API, everyone joins with the client SDK, the GM changes the character's hit points, the players print what
/// they see.
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

        // 1. REST: tokens, a campaign with two players and one character, and a session of it.
        using var gmApi = await GatewayApi.SignInAsync(gateway, $"gm-{run}", cancellationToken);
        using var aliceApi = await GatewayApi.SignInAsync(gateway, $"alice-{run}", cancellationToken);
        using var bobApi = await GatewayApi.SignInAsync(gateway, $"bob-{run}", cancellationToken);
        var campaign = await gmApi.CreateCampaignAsync($"Sample campaign {run}", cancellationToken);
        var campaignId = campaign["id"]!.GetValue<string>();
        await gmApi.AddMemberAsync(campaignId, aliceApi.UserId, cancellationToken);
        await gmApi.AddMemberAsync(campaignId, bobApi.UserId, cancellationToken);
        var character = await gmApi.CreateCharacterAsync(campaignId, new { name = "Aria", hp = 20, maxHp = 20 }, cancellationToken);
        var characterId = character["id"]!.GetValue<string>();
        var session = await gmApi.CreateSessionAsync(campaignId, cancellationToken);
        var sessionId = session["sessionId"]!.GetValue<string>();
        print.WriteLine($"campaign {campaignId}: GM {gmApi.UserId}, players {aliceApi.UserId} and {bobApi.UserId}");
        print.WriteLine($"session {sessionId} at version {session["stateVersion"]}, character {characterId} (Aria, 20 hp)");

        // 2. The SDK: three clients, each with its own token, joined to the session.
        await using var gm = Connect(gateway, gmApi);
        await using var alice = Connect(gateway, aliceApi);
        await using var bob = Connect(gateway, bobApi);
        Watch(alice, "alice", characterId, print);
        Watch(bob, "bob", characterId, print);
        await gm.JoinAsync(sessionId, cancellationToken);
        await alice.JoinAsync(sessionId, cancellationToken);
        await bob.JoinAsync(sessionId, cancellationToken);
        print.WriteLine($"[gm]    joined as GM: {gm.IsGm}; Aria has {HitPoints(gm, characterId)} hp");

        // 3. The GM changes Aria's hit points; each update is confirmed before the next goes out.
        foreach (var (what, change) in Rounds)
        {
            var hp = Math.Clamp(HitPoints(gm, characterId) + change, 0, 20);
            var response = await gm.UpdateCharacterAsync(characterId, new Dictionary<string, object?> { ["hp"] = hp }, cancellationToken);
            response.EnsureSuccess();
            print.WriteLine($"[gm]    Aria {what}: hp {hp} (version {response.NewVersion})");
        }

        // 4. Both players end at the GM's version with the GM's numbers.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((alice.Version != gm.Version || bob.Version != gm.Version) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }

        var agreed = alice.Version == gm.Version && bob.Version == gm.Version
            && HitPoints(alice, characterId) == HitPoints(gm, characterId) && HitPoints(bob, characterId) == HitPoints(gm, characterId);
        print.WriteLine(agreed
            ? $"done: GM and both players at version {gm.Version}, Aria has {HitPoints(gm, characterId)} hp"
            : $"MISMATCH: gm v{gm.Version}, alice v{alice.Version}, bob v{bob.Version}");
        return agreed ? 0 : 1;
    }

    private static GameSessionClient Connect(Uri gateway, GatewayApi api) =>
        new(gateway, () => Task.FromResult(api.Token));

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
                print.WriteLine($"[{name,-5}] version {change.Version}: {what}; Aria now has {hp} hp");
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
