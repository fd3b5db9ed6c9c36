using System.Text.Json;
using Orleans.GameState.Engine;

namespace Orleans.GameState.Views;

/// <summary>A member's view of a whole state (CONTRACT section 7).</summary>
public static class StateView
{
    /// <summary>
    /// The view of <paramref name="document"/> for <paramref name="viewer"/> (a member who is not the GM) as compact
    /// UTF-8 JSON. When the state hides nothing this is the GM's state, without a second pass over it.
    /// </summary>
    public static byte[] ToUtf8Bytes(GameStateDocument document, string viewer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(viewer);
        var full = document.ToUtf8Bytes();
        if (!document.HasHiddenContent)
        {
            return full;
        }

        using var parsed = JsonDocument.Parse(full, new JsonDocumentOptions { MaxDepth = JsonText.MaxDepth });
        return ViewWriter.ToUtf8Bytes(parsed.RootElement, ViewPlace.Root, viewer);
    }
}
