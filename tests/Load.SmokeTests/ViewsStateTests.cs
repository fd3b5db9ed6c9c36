using System.Text;
using System.Text.Json.Nodes;
using Orleans.GameState.Engine;
using Orleans.GameState.Load.Workloads;
using Orleans.GameState.Views;

namespace Orleans.GameState.Load.SmokeTests;

/// <summary>
/// The views workload's state and its convergence check, on the engine itself: views off hides nothing, views on gives
/// the players exactly two distinct views, the GM's updates stay ordinary, and a player's copy is compared with the view
/// it should have, not with the GM's state.
/// </summary>
public sealed class ViewsStateTests
{
    private static readonly string[] Players = ["p0", "p1", "p2", "p3", "p4"];

    private static GameStateDocument Apply(params Orleans.GameState.Contract.StateOperation[][] updates)
    {
        var document = GameStateDocument.Create([], [], [], 0, 0);
        foreach (var operations in updates)
        {
            var result = document.Apply(operations, 1);
            Assert.True(result.Success, result.Error?.Message);
        }

        return document;
    }

    private static string ViewOf(GameStateDocument document, string viewer) => Encoding.UTF8.GetString(StateView.ToUtf8Bytes(document, viewer));

    [Fact]
    public void Views_off_hides_nothing_and_every_player_sees_the_gm_state()
    {
        var document = Apply(HiddenState.Plain());

        Assert.False(document.HasHiddenContent);
        Assert.All(Players, p => Assert.True(GatewayPhase.SameState(document.ToJsonString(), ViewOf(document, p))));
    }

    [Fact]
    public void Views_on_gives_exactly_two_player_views_split_by_the_visibility_list()
    {
        var document = Apply(HiddenState.Hidden(Players));

        Assert.True(document.HasHiddenContent);
        Assert.Equal(["p0", "p1"], HiddenState.Named(Players));
        var views = Players.ToDictionary(p => p, p => ViewOf(document, p));
        Assert.Equal(2, views.Values.Distinct().Count());
        Assert.Equal(views["p0"], views["p1"]);
        Assert.Equal(views["p2"], views["p4"]);
        Assert.Contains("actor-3", views["p0"], StringComparison.Ordinal);
        Assert.DoesNotContain("actor-3", views["p2"], StringComparison.Ordinal);
        foreach (var view in views.Values)
        {
            foreach (var hidden in new[] { "actor-1", "actor-5", "item-1", "weakness", "The tower is not empty" })
            {
                Assert.DoesNotContain(hidden, view, StringComparison.Ordinal);
            }

            Assert.Contains("The tower stands empty", view, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_gm_updates_touch_actors_every_player_sees_in_both_phases()
    {
        var random = new Random(1);
        var hidden = Apply(HiddenState.Hidden(Players));
        var plain = Apply(HiddenState.Plain());
        for (var i = 0; i < 50; i++)
        {
            var touch = HiddenState.Touch(random);
            var index = int.Parse(touch.Path.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(index, HiddenState.VisibleActors);
            Assert.True(hidden.Apply([touch], 2).Success);
            Assert.True(plain.Apply([touch], 2).Success);
        }

        // Still two views, and the touched values reach both.
        var views = Players.Select(p => ViewOf(hidden, p)).Distinct().ToList();
        Assert.Equal(2, views.Count);
        var gmActors = JsonNode.Parse(hidden.ToJsonString())!["actors"]!.AsArray();
        var playerActors = JsonNode.Parse(views[0])!["actors"]!.AsArray();
        Assert.Equal(gmActors[0]!["hp"]!.GetValue<int>(), playerActors[0]!["hp"]!.GetValue<int>());
    }

    [Fact]
    public void A_player_converged_when_its_copy_equals_its_view_not_the_gm_state()
    {
        var document = Apply(HiddenState.Hidden(Players));
        var gm = document.ToJsonString();
        var named = PlayerView.Of(gm, "p0");
        var unnamed = PlayerView.Of(gm, "p3");

        // A copy built by a player differs in lastUpdated and key order only.
        var copy = JsonNode.Parse(unnamed)!.AsObject();
        copy["lastUpdated"] = 12345;
        var reordered = new JsonObject(copy.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        Assert.True(GatewayPhase.SameState(reordered.ToJsonString(), unnamed));
        Assert.False(GatewayPhase.SameState(unnamed, named));
        Assert.False(GatewayPhase.SameState(gm, unnamed));
        Assert.Equal(ViewOf(document, "p3"), unnamed);
    }
}
