using System.Diagnostics;
using DbUp;
using DbUp.Engine;
using DbUp.Support;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orleans.GameState.Storage.Schema;

/// <summary>
/// Brings a PostgreSQL database up to the schema in deploy/sql: runs, in file-name order, every embedded script
/// not yet recorded in the journal table <see cref="JournalTable"/>, each in its own transaction.
/// Several processes may call it at once (silos starting together): a session-level advisory lock
/// (<see cref="AdvisoryLockKey"/>) makes them take turns, and the later ones find nothing left to do.
/// </summary>
public sealed partial class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    /// <summary>The DbUp journal table (in schema <c>public</c>): one row per applied script.</summary>
    public const string JournalTable = "schema_migrations";

    /// <summary>The key of the advisory lock held while migrating ("GameStat" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x47616D6553746174;

    /// <summary>How long to wait for another process's migration before giving up.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Applies every pending script to the database named in <paramref name="connectionString"/>.</summary>
    /// <exception cref="SchemaMigrationException">The database is unreachable, the lock was not had in time, or a script failed.</exception>
    public Task<SchemaMigrationResult> ApplyAsync(string connectionString, CancellationToken cancellationToken) =>
        ApplyAsync(connectionString, createDatabaseIfMissing: false, cancellationToken);

    /// <summary>
    /// Applies every pending script; with <paramref name="createDatabaseIfMissing"/>, first creates the database
    /// (connecting to the <c>postgres</c> maintenance database of the same server) when it does not exist.
    /// </summary>
    /// <exception cref="SchemaMigrationException">The database is unreachable, the lock was not had in time, or a script failed.</exception>
    public async Task<SchemaMigrationResult> ApplyAsync(
        string connectionString, bool createDatabaseIfMissing, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database ?? target.Username ?? "postgres";
        var where = $"{target.Host}:{target.Port}/{database}";
        var scripts = SchemaScripts.All;
        var stopwatch = Stopwatch.StartNew();

        if (createDatabaseIfMissing)
        {
            await EnsureDatabaseAsync(target, database, where, cancellationToken);
        }

        // Migration connections bypass the pools: nothing idle is left behind, and the lock's connection can
        // never be handed back to a pool still holding it (if the process dies, the server drops the lock
        // with the session).
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var lockConnection = new NpgsqlConnection(unpooled);
        try
        {
            await lockConnection.OpenAsync(cancellationToken);
            await using var acquire = new NpgsqlCommand("SELECT pg_advisory_lock($1)", lockConnection)
            {
                CommandTimeout = (int)Math.Ceiling(LockTimeout.TotalSeconds),
            };
            acquire.Parameters.Add(new NpgsqlParameter { Value = AdvisoryLockKey });
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new SchemaMigrationException(
                $"Schema migration of {where} failed: could not connect or take the migration lock: {ex.Message}",
                innerException: ex);
        }

        try
        {
            LogStarting(logger, where, scripts.Count, JournalTable);
            var engine = DeployChanges.To
                .PostgresqlDatabase(unpooled)
                .WithScripts(scripts.Select(s => new SqlScript(s.Name, s.Sql)))
                .WithScriptSorter(found => found.OrderBy(s => s.Name, StringComparer.Ordinal))
                .JournalToPostgresqlTable("public", JournalTable)
                .WithTransactionPerScript()
                // The scripts use PostgreSQL dollar quoting ($q$ ... $q$), which DbUp would read as its variables.
                .WithVariablesDisabled()
                .ResetConfiguredLoggers()
                .LogTo(new DbUpLog(logger))
                .Build();

            var result = await Task.Run(engine.PerformUpgrade, cancellationToken);
            if (!result.Successful)
            {
                var failed = result.ErrorScript?.Name;
                LogFailed(logger, result.Error, where, failed ?? "(none)");
                throw new SchemaMigrationException(
                    $"Schema migration of {where} failed in script {failed ?? "(before any script)"}: " +
                    $"{result.Error?.Message}. Scripts before it stay applied (journal table {JournalTable}); " +
                    "fix the cause and run the migration again.",
                    failed, result.Error);
            }

            var applied = result.Scripts.Select(s => s.Name).ToArray();
            foreach (var name in applied)
            {
                LogApplied(logger, name, where);
            }

            if (applied.Length == 0)
            {
                LogUpToDate(logger, where, scripts.Count, JournalTable);
            }
            else
            {
                LogFinished(logger, where, applied.Length, string.Join(", ", applied), stopwatch.ElapsedMilliseconds);
            }

            return new SchemaMigrationResult(applied, scripts.Select(s => s.Name).ToArray());
        }
        finally
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", lockConnection);
                release.Parameters.Add(new NpgsqlParameter { Value = AdvisoryLockKey });
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // Closing the (unpooled) connection ends the session, which releases the lock anyway.
                LogUnlockFailed(logger, ex, where);
            }
        }
    }

    private async Task EnsureDatabaseAsync(
        NpgsqlConnectionStringBuilder target, string database, string where, CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString)
        {
            Database = "postgres",
            Pooling = false,
        };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = database });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
                LogCreatedDatabase(logger, where);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process created it first.
            }
        }
        catch (NpgsqlException ex)
        {
            throw new SchemaMigrationException(
                $"Schema migration of {where} failed: could not create database {database}: {ex.Message}",
                innerException: ex);
        }
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Schema migration of {Database}: {ScriptCount} known scripts, journal table {JournalTable}")]
    private static partial void LogStarting(ILogger logger, string database, int scriptCount, string journalTable);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema script {Script} to {Database}")]
    private static partial void LogApplied(ILogger logger, string script, string database);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Schema of {Database} is up to date: applied {AppliedCount} scripts ({Scripts}) in {ElapsedMs} ms")]
    private static partial void LogFinished(ILogger logger, string database, int appliedCount, string scripts, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Schema of {Database} was already up to date ({ScriptCount} scripts in journal table {JournalTable})")]
    private static partial void LogUpToDate(ILogger logger, string database, int scriptCount, string journalTable);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schema migration of {Database} failed in script {Script}")]
    private static partial void LogFailed(ILogger logger, Exception? exception, string database, string script);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created database {Database}")]
    private static partial void LogCreatedDatabase(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the migration lock on {Database}; it goes with the session")]
    private static partial void LogUnlockFailed(ILogger logger, Exception exception, string database);
}
