using System.Threading.Channels;

namespace Orleans.GameState.Storage.Sessions;

/// <summary>
/// Group commit of update-log rows, without the database: rows queue as they arrive and each free writer takes what
/// is queued (up to <see cref="MaxBatchSize"/> rows, in arrival order) into one statement of
/// <see cref="IUpdateLogStatements"/>, then completes each row's task with that row's own outcome.
/// </summary>
/// <remarks>
/// <para>Nothing waits to fill a batch: a writer takes whatever is queued when it becomes free, so a lone update is
/// written at once, and under load every commit carries the updates that arrived during the previous one. That
/// spreads the per-commit costs (a round trip, a transaction, a WAL flush, a socket write on each side) over the
/// batch; per update they were most of the silo's storage CPU.</para>
/// <para>A session has at most one append in flight (its grain awaits each one), so the rows of one batch belong to
/// different sessions and a session's rows are written in the order it appended them.</para>
/// <para>Each row keeps its own outcome: the batch statement skips rows that hit a unique key and reports the keys it
/// inserted, so a conflict never fails its neighbours. A refused statement is answered by writing that batch's rows one
/// by one, so a row the server refuses fails alone. Any other failure (a broken connection) fails every row of its
/// batch and no other (each caller decides on retrying).</para>
/// </remarks>
public sealed class UpdateLogBatcher : IAsyncDisposable
{
    /// <summary>Rows in one statement at most: a batch stays a small, quickly committed transaction.</summary>
    public const int MaxBatchSize = 128;

    /// <summary>Statements in flight at once: one being committed while the next is sent.</summary>
    public const int Writers = 2;

    private readonly IUpdateLogStatements _statements;
    private readonly int _maxBatchSize;
    private readonly Channel<PendingRow> _queue = Channel.CreateUnbounded<PendingRow>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;

    public UpdateLogBatcher(IUpdateLogStatements statements, int maxBatchSize = MaxBatchSize, int writers = Writers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        _statements = statements;
        _maxBatchSize = maxBatchSize;
        _writers = Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>True when the row was inserted; false when a row with its version or its update id was already there.</summary>
    /// <exception cref="ObjectDisposedException">The batcher is disposed.</exception>
    public Task<bool> AppendAsync(UpdateLogRow row, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingRow(row);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(UpdateLogBatcher));
        }

        return pending.Outcome.Task;
    }

    /// <summary>Stops taking rows and waits until the queued ones are written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingRow>(_maxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatchSize && reader.TryRead(out var row))
            {
                batch.Add(row);
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch).ConfigureAwait(false);
            }
        }
    }

    /// <remarks>A batch carries the rows of many callers, so no caller's token cancels it; a queued row is always written.</remarks>
    private async Task WriteAsync(List<PendingRow> batch)
    {
        try
        {
            if (batch.Count == 1)
            {
                batch[0].Outcome.TrySetResult(await _statements.InsertOneAsync(batch[0].Row, CancellationToken.None).ConfigureAwait(false));
                return;
            }

            var inserted = await _statements.InsertBatchAsync(batch.ConvertAll(p => p.Row), CancellationToken.None).ConfigureAwait(false);
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetResult(inserted.Contains((pending.Row.SessionId, pending.Row.Update.Version)));
            }
        }
        catch (Exception e) when (batch.Count > 1 && _statements.IsRefusedStatement(e))
        {
            // The server refused the statement: find the row it refuses by writing them one at a time.
            foreach (var pending in batch)
            {
                try
                {
                    pending.Outcome.TrySetResult(await _statements.InsertOneAsync(pending.Row, CancellationToken.None).ConfigureAwait(false));
                }
                catch (Exception one)
                {
                    pending.Outcome.TrySetException(one);
                }
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(e);
            }
        }
    }

    private sealed class PendingRow(UpdateLogRow row)
    {
        public UpdateLogRow Row { get; } = row;

        /// <remarks>
        /// Continuations run inline, on the writer: the store only hands the outcome on, and the grain's own continuation
        /// is queued to its activation, so a thread-pool hop here would only add a queue wait to every update.
        /// </remarks>
        public TaskCompletionSource<bool> Outcome { get; } = new();
    }
}
