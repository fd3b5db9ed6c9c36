using System.Text;
using Orleans.GameState.Engine;
using Orleans.GameState.Views;

namespace Orleans.GameState.Load.Workloads;

/// <summary>The state a member should hold: the engine's own view of the GM's state for them (docs/views.md).</summary>
public static class PlayerView
{
    public static string Of(string stateJson, string viewer) =>
        Encoding.UTF8.GetString(StateView.ToUtf8Bytes(GameStateDocument.Parse(stateJson), viewer));
}
