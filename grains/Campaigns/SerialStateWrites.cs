namespace Orleans.GameState.Grains.Campaigns;

/// <summary>
/// Runs a grain's state writes one after another. The campaign grain has interleaving methods, and two
/// overlapping <c>WriteStateAsync</c> calls would both present the same ETag, so the second would fail with
/// an InconsistentStateException. Each caller's write starts after the previous one and stores the state as
/// it is then, so it includes the caller's change. Grain turns are single-threaded, so no lock is needed.
/// </summary>
internal sealed class SerialStateWrites(Func<Task> write)
{
    private Task _tail = Task.CompletedTask;

    public Task WriteAsync()
    {
        var previous = _tail;
        var next = AfterAsync(previous);
        _tail = next;
        return next;
    }

    private async Task AfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The previous caller sees its own failure; this write tries again with the current state.
        }

        await write();
    }
}
