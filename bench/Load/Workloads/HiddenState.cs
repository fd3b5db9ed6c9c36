using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.GameState.Contract;

namespace Orleans.GameState.Load.Workloads;

/// <summary>
/// The views workload's state (docs/views.md): the same actors, items and lore with no hidden data (views off), or
/// with it (views on): two actors and an item <c>visibility: "gm"</c>, a <c>gmOnly</c> key on an actor and on the lore,
/// and one actor whose visibility list names the first half of the players. So the players see exactly two distinct
/// views (named or not), and the GM's updates touch actors every player sees: ordinary updates, no marker changes.
/// </summary>
public static class HiddenState
{
    public const int Actors = 8;

    /// <summary>Indices of the actors every player sees, in the GM's state and (the same entities) in both phases.</summary>
    public static IReadOnlyList<int> VisibleActors { get; } = [0, 2, 4, 6];

    /// <summary>The players a visibility list names: the first half.</summary>
    public static IReadOnlyList<string> Named(IReadOnlyList<string> players) => [.. players.Take(players.Count / 2)];

    /// <summary>Sets actors, items and <c>pluginData.lore</c> without any marker (views off).</summary>
    public static StateOperation[] Plain() => Build(null);

    /// <summary>Sets the same actors, items and lore with hidden data (views on).</summary>
    public static StateOperation[] Hidden(IReadOnlyList<string> players) => Build(Named(players));

    /// <summary>An ordinary update on a visible actor: its hp.</summary>
    public static StateOperation Touch(Random random) => new(
        $"actors.{VisibleActors[random.Next(VisibleActors.Count)].ToString(CultureInfo.InvariantCulture)}.hp", OperationKinds.Set,
        JsonSerializer.SerializeToElement(random.Next(1, 100)));

    private static StateOperation[] Build(IReadOnlyList<string>? named)
    {
        var hidden = named is not null;
        var actors = new JsonArray();
        for (var i = 0; i < Actors; i++)
        {
            var actor = new JsonObject { ["id"] = $"actor-{i}", ["name"] = $"Actor {i}", ["hp"] = 10 + i };
            if (hidden)
            {
                switch (i)
                {
                    case 1 or 5:
                        actor["visibility"] = "gm";
                        break;
                    case 2:
                        actor["gmOnly"] = new JsonObject { ["weakness"] = "fire" };
                        break;
                    case 3:
                        actor["visibility"] = new JsonArray([.. named!.Select(user => (JsonNode?)JsonValue.Create(user))]);
                        break;
                    case 7:
                        actor["visibility"] = "all";
                        break;
                }
            }

            actors.Add(actor);
        }

        var items = new JsonArray
        {
            new JsonObject { ["id"] = "item-0", ["name"] = "Rope" },
            hidden ? new JsonObject { ["id"] = "item-1", ["name"] = "Cursed ring", ["visibility"] = "gm" } : new JsonObject { ["id"] = "item-1", ["name"] = "Cursed ring" },
        };
        var lore = new JsonObject { ["public"] = "The tower stands empty." };
        if (hidden)
        {
            lore["gmOnly"] = new JsonObject { ["truth"] = "The tower is not empty." };
        }

        return
        [
            new StateOperation("actors", OperationKinds.Set, JsonSerializer.SerializeToElement(actors)),
            new StateOperation("items", OperationKinds.Set, JsonSerializer.SerializeToElement(items)),
            new StateOperation("pluginData.lore", OperationKinds.Set, JsonSerializer.SerializeToElement(lore)),
        ];
    }
}
