using Orleans.GameState.Views;

namespace Orleans.GameState.Grains.Sessions;

/// <summary>
/// The serialised state of the current version per view, reused until the version changes: a table joining at once,
/// or a wave of reconnects asking for the full state, pays for one serialisation of a large state per distinct view
/// instead of one per member. Held weakly, so an idle session's copy goes at the next full collection (a large array
/// lives on the large object heap, collected only then) rather than for the activation's lifetime.
/// </summary>
public sealed partial class GameSessionGrain
{
    private readonly Dictionary<string, WeakReference<byte[]>> _stateJson = new(StringComparer.Ordinal);
    private long _stateJsonVersion = -1;

    /// <summary>The current state as <paramref name="viewer"/> reads it, serialised at most once per version and view.</summary>
    private byte[] CurrentStateJson(SessionViewer viewer)
    {
        var document = _document!;
        if (_stateJsonVersion != document.Version)
        {
            _stateJson.Clear();
            _stateJsonVersion = document.Version;
        }

        // Members in one view class see the same state (ViewClasses); the GM's key cannot be a class (classes end in '|').
        var key = viewer.IsGm ? "gm" : ViewClasses.ClassOf(CurrentViewClasses(), viewer.UserId);
        if (_stateJson.TryGetValue(key, out var cached) && cached.TryGetTarget(out var json))
        {
            return json;
        }

        json = viewer.State(document);
        _stateJson[key] = new WeakReference<byte[]>(json);
        return json;
    }
}
