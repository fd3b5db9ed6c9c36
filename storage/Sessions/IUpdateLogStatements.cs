namespace Orleans.GameState.Storage.Sessions;

/// <summary>
/// The statements <see cref="UpdateLogBatcher"/> runs: the database side of the group commit, kept apart so the
/// batching can be tested without a database.
/// </summary>
public interface IUpdateLogStatements
{
    /// <summary>Inserts one row; true when inserted, false when a row with its version or update id was already there.</summary>
    Task<bool> InsertOneAsync(UpdateLogRow row, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the rows in one statement, skipping those that hit a unique key; returns the (session, version) keys
    /// it inserted.
    /// </summary>
    Task<IReadOnlySet<(string SessionId, long Version)>> InsertBatchAsync(IReadOnlyList<UpdateLogRow> rows, CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="exception"/> is the server refusing the statement (a row it will not take), as
    /// opposed to a broken connection: then the batch's rows are written one by one to find the refused row.
    /// </summary>
    bool IsRefusedStatement(Exception exception);
}
