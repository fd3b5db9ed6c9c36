using Orleans.GameState.Storage.Sessions;

namespace Orleans.GameState.Grains.UnitTests;

/// <summary>The group commit of update-log rows (storage), against statements that record what they were given.</summary>
public sealed class UpdateLogBatcherTests
{
    /// <summary>Bounds every wait on the batcher, so a fault fails the test instead of hanging it.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_lone_row_is_written_at_once_by_the_single_row_statement()
    {
        var statements = new RecordingStatements();
        await using var batcher = new UpdateLogBatcher(statements);

        Assert.True(await batcher.AppendAsync(Row("s", 1), CancellationToken.None).WaitAsync(Bound));

        var statement = Assert.Single(statements.Run);
        Assert.Equal(StatementKind.One, statement.Kind);
        Assert.Equal([Row("s", 1)], statement.Rows);
    }

    [Fact]
    public async Task Rows_that_arrive_during_a_commit_share_the_next_one_in_arrival_order()
    {
        var statements = new RecordingStatements();
        var first = statements.HoldNext();
        await using var batcher = new UpdateLogBatcher(statements, writers: 1);

        var a = batcher.AppendAsync(Row("a", 1), CancellationToken.None);
        await first.Entered.WaitAsync(Bound);
        var rest = new[] { Row("b", 1), Row("c", 1), Row("d", 1) }.Select(r => batcher.AppendAsync(r, CancellationToken.None)).ToList();
        first.Release();

        Assert.True(await a.WaitAsync(Bound));
        Assert.All(await Task.WhenAll(rest).WaitAsync(Bound), Assert.True);
        Assert.Equal(
            [(StatementKind.One, "a"), (StatementKind.Batch, "b,c,d")],
            statements.Run.Select(s => (s.Kind, string.Join(',', s.Rows.Select(r => r.SessionId)))));
    }

    [Fact]
    public async Task A_batch_holds_at_most_the_configured_number_of_rows()
    {
        var statements = new RecordingStatements();
        var first = statements.HoldNext();
        await using var batcher = new UpdateLogBatcher(statements, maxBatchSize: 3, writers: 1);

        var appends = new List<Task<bool>> { batcher.AppendAsync(Row("s0", 1), CancellationToken.None) };
        await first.Entered.WaitAsync(Bound);
        appends.AddRange(Enumerable.Range(1, 7).Select(i => batcher.AppendAsync(Row($"s{i}", 1), CancellationToken.None)));
        first.Release();

        Assert.All(await Task.WhenAll(appends).WaitAsync(Bound), Assert.True);
        Assert.Equal([1, 3, 3, 1], statements.Run.Select(s => s.Rows.Count));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"s{i}"), statements.Run.SelectMany(s => s.Rows).Select(r => r.SessionId));
    }

    [Fact]
    public async Task A_row_already_in_the_log_answers_false_without_failing_its_neighbours()
    {
        var statements = new RecordingStatements();
        statements.AlreadyThere(Row("b", 1));
        var first = statements.HoldNext();
        await using var batcher = new UpdateLogBatcher(statements, writers: 1);

        var a = batcher.AppendAsync(Row("a", 1), CancellationToken.None);
        await first.Entered.WaitAsync(Bound);
        var b = batcher.AppendAsync(Row("b", 1), CancellationToken.None);
        var c = batcher.AppendAsync(Row("c", 1), CancellationToken.None);
        first.Release();

        Assert.True(await a.WaitAsync(Bound));
        Assert.False(await b.WaitAsync(Bound));
        Assert.True(await c.WaitAsync(Bound));
        Assert.Equal(StatementKind.Batch, statements.Run[^1].Kind);
    }

    [Fact]
    public async Task A_refused_batch_is_written_row_by_row_and_fails_only_the_refused_row()
    {
        var statements = new RecordingStatements();
        statements.Refuse(Row("c", 1));
        var first = statements.HoldNext();
        await using var batcher = new UpdateLogBatcher(statements, writers: 1);

        var a = batcher.AppendAsync(Row("a", 1), CancellationToken.None);
        await first.Entered.WaitAsync(Bound);
        var b = batcher.AppendAsync(Row("b", 1), CancellationToken.None);
        var c = batcher.AppendAsync(Row("c", 1), CancellationToken.None);
        var d = batcher.AppendAsync(Row("d", 1), CancellationToken.None);
        first.Release();

        Assert.True(await a.WaitAsync(Bound));
        Assert.True(await b.WaitAsync(Bound));
        await Assert.ThrowsAsync<RefusedStatementException>(() => c.WaitAsync(Bound));
        Assert.True(await d.WaitAsync(Bound));
        Assert.Equal(
            [(StatementKind.One, "a"), (StatementKind.Batch, "b,c,d"), (StatementKind.One, "b"), (StatementKind.One, "c"), (StatementKind.One, "d")],
            statements.Run.Select(s => (s.Kind, string.Join(',', s.Rows.Select(r => r.SessionId)))));
    }

    [Fact]
    public async Task A_broken_connection_fails_exactly_the_rows_of_its_batch()
    {
        var statements = new RecordingStatements();
        statements.BreakOn(Row("c", 1));
        var first = statements.HoldNext();
        await using var batcher = new UpdateLogBatcher(statements, writers: 1);

        var a = batcher.AppendAsync(Row("a", 1), CancellationToken.None);
        await first.Entered.WaitAsync(Bound);
        var b = batcher.AppendAsync(Row("b", 1), CancellationToken.None);
        var c = batcher.AppendAsync(Row("c", 1), CancellationToken.None);
        first.Release();

        Assert.True(await a.WaitAsync(Bound));
        var failure = await Assert.ThrowsAsync<IOException>(() => b.WaitAsync(Bound));
        Assert.Same(failure, await Assert.ThrowsAsync<IOException>(() => c.WaitAsync(Bound)));
        Assert.True(await batcher.AppendAsync(Row("e", 1), CancellationToken.None).WaitAsync(Bound));
        Assert.Equal(3, statements.Run.Count);
    }

    [Fact]
    public async Task Concurrent_sessions_share_statements_and_each_keeps_its_order()
    {
        const int sessions = 24;
        const int versions = 30;
        var statements = new RecordingStatements();
        await using var batcher = new UpdateLogBatcher(statements, maxBatchSize: 8, writers: 2);

        // Each session appends its versions one after another, as its grain does; the sessions run at once.
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(s => Task.Run(async () =>
        {
            for (var version = 1; version <= versions; version++)
            {
                Assert.True(await batcher.AppendAsync(Row($"s{s}", version), CancellationToken.None));
            }
        }))).WaitAsync(Bound);

        var run = statements.Run;
        Assert.All(run, s => Assert.InRange(s.Rows.Count, 1, 8));
        Assert.All(run, s => Assert.Equal(s.Rows.Count, s.Rows.Select(r => r.SessionId).Distinct().Count()));
        var written = run.SelectMany(s => s.Rows).ToList();
        Assert.Equal(sessions * versions, written.Count);
        foreach (var session in written.GroupBy(r => r.SessionId))
        {
            Assert.Equal(Enumerable.Range(1, versions).Select(v => (long)v), session.Select(r => r.Update.Version));
        }
    }

    [Fact]
    public async Task Disposing_writes_the_queued_rows_and_then_refuses_new_ones()
    {
        var statements = new RecordingStatements();
        var first = statements.HoldNext();
        var batcher = new UpdateLogBatcher(statements, writers: 1);

        var a = batcher.AppendAsync(Row("a", 1), CancellationToken.None);
        await first.Entered.WaitAsync(Bound);
        var b = batcher.AppendAsync(Row("b", 1), CancellationToken.None);
        var disposed = batcher.DisposeAsync().AsTask();
        first.Release();
        await disposed.WaitAsync(Bound);

        Assert.True(await a);
        Assert.True(await b);
        Assert.Throws<ObjectDisposedException>(() => { _ = batcher.AppendAsync(Row("c", 1), CancellationToken.None); });
    }

    private static UpdateLogRow Row(string sessionId, long version) =>
        new(sessionId, new LoggedUpdate(version, $"u-{sessionId}-{version}", 0, "{}", "[]"));

    private enum StatementKind
    {
        One,
        Batch,
    }

    private sealed record Statement(StatementKind Kind, IReadOnlyList<UpdateLogRow> Rows);

    private sealed class RefusedStatementException : Exception;

    /// <summary>A statement held until the test releases it, to let rows queue behind it.</summary>
    private sealed class Hold
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Release() => _released.TrySetResult();

        public Task EnterAsync()
        {
            _entered.TrySetResult();
            return _released.Task;
        }
    }

    /// <summary>
    /// The statements as a log table in memory: keys already there are skipped, a refused row fails any statement that
    /// holds it (as a server error does), a breaking row fails its statement as a lost connection would.
    /// </summary>
    private sealed class RecordingStatements : IUpdateLogStatements
    {
        private readonly Lock _lock = new();
        private readonly List<Statement> _run = [];
        private readonly HashSet<(string, long)> _keys = [];
        private readonly HashSet<UpdateLogRow> _refused = [];
        private readonly HashSet<UpdateLogRow> _breaking = [];
        private Hold? _hold;

        public IReadOnlyList<Statement> Run
        {
            get { lock (_lock) { return [.. _run]; } }
        }

        public Hold HoldNext() => _hold = new Hold();

        public void AlreadyThere(UpdateLogRow row) => _keys.Add((row.SessionId, row.Update.Version));

        public void Refuse(UpdateLogRow row) => _refused.Add(row);

        public void BreakOn(UpdateLogRow row) => _breaking.Add(row);

        public bool IsRefusedStatement(Exception exception) => exception is RefusedStatementException;

        public async Task<bool> InsertOneAsync(UpdateLogRow row, CancellationToken cancellationToken) =>
            (await ExecuteAsync(StatementKind.One, [row])).Count == 1;

        public Task<IReadOnlySet<(string SessionId, long Version)>> InsertBatchAsync(IReadOnlyList<UpdateLogRow> rows, CancellationToken cancellationToken) =>
            ExecuteAsync(StatementKind.Batch, rows);

        private async Task<IReadOnlySet<(string SessionId, long Version)>> ExecuteAsync(StatementKind kind, IReadOnlyList<UpdateLogRow> rows)
        {
            var hold = Interlocked.Exchange(ref _hold, null);
            if (hold is not null)
            {
                await hold.EnterAsync();
            }

            lock (_lock)
            {
                _run.Add(new Statement(kind, [.. rows]));
                if (rows.Any(_breaking.Contains))
                {
                    throw new IOException("connection lost");
                }

                if (rows.Any(_refused.Contains))
                {
                    throw new RefusedStatementException();
                }

                return rows.Where(r => _keys.Add((r.SessionId, r.Update.Version))).Select(r => (r.SessionId, r.Update.Version)).ToHashSet();
            }
        }
    }
}
