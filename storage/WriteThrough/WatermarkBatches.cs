using System.Threading.Channels;

namespace Orleans.GameState.Storage.WriteThrough;

/// <summary>
/// Saves the written-through versions of all the sessions of one silo together: whatever was queued while the
/// previous statement ran goes into the next one, so busy sessions share commits instead of each paying one.
/// </summary>
/// <remarks>
/// Nothing waits to fill a batch (a lone save is written at once). Each caller's task completes only when its
/// version is committed, so a session still records W only after it is durable and crash safety is unchanged.
/// Several saves of one session in a batch become one row with the highest version (one statement cannot
/// upsert a row twice).
/// </remarks>
public sealed class WatermarkBatches : IAsyncDisposable
{
    /// <summary>Rows in one statement at most.</summary>
    public const int MaxBatchSize = 256;

    private readonly Func<IReadOnlyList<(string SessionId, long Version)>, Task> _save;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public WatermarkBatches(Func<IReadOnlyList<(string SessionId, long Version)>, Task> save)
    {
        _save = save;
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task SaveAsync(string sessionId, long version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(sessionId, version);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(WatermarkBatches));
        }

        return pending.Saved.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                var rows = batch.GroupBy(p => p.SessionId, StringComparer.Ordinal)
                    .Select(g => (g.Key, g.Max(p => p.Version)))
                    .ToList();
                await _save(rows).ConfigureAwait(false);
                batch.ForEach(p => p.Saved.TrySetResult());
            }
            catch (Exception e)
            {
                batch.ForEach(p => p.Saved.TrySetException(e));
            }
        }
    }

    /// <remarks>Continuations run asynchronously: a session's flush goes on in its own grain turn, not on this writer.</remarks>
    private sealed record Pending(string SessionId, long Version)
    {
        public TaskCompletionSource Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
