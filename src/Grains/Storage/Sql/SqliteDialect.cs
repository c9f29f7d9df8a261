using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrleansSearch.Grains.Storage.Sql;

/// <summary>
/// SQLite shared by several processes on one host: the file is in WAL mode (readers never block the
/// writer), every connection waits for locks instead of failing at once, and writes take the write
/// lock up front (<c>BEGIN IMMEDIATE</c>) because a deferred transaction that upgrades from read to
/// write fails with SQLITE_BUSY instead of waiting when another writer committed in between.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    /// <summary>How long a connection waits for another process's write lock before failing.</summary>
    private const int BusyTimeoutMilliseconds = 30_000;

    // SQLite's primary result codes (sqlite3.h).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCannotOpen = 14;

    private readonly string _connectionString;

    public SqliteDialect(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{connectionString}' is not a SQLite connection string (expected e.g. \"Data Source=/path/file.db\"): {e.Message}", nameof(connectionString), e);
        }
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new ArgumentException(
                $"SQLite connection string '{connectionString}' must name a database file (\"Data Source=/path/file.db\"): connections are opened per operation and by several processes, so an in-memory database would not be shared.",
                nameof(connectionString));
        }
        _connectionString = connectionString;
    }

    public override string BlobColumnType => "BLOB";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Wait for another writer's lock (SQLite's busy handler backs off in small steps) instead of failing with SQLITE_BUSY.
            using DbCommand command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Not deferred = BEGIN IMMEDIATE.
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    /// <summary>
    /// The file is locked past the busy timeout, cannot be opened, or the disk fails or is full: the store cannot
    /// take writes now, though nothing is wrong with them.
    /// </summary>
    public override bool IsConnectionFailure(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteIoError or SqliteFull or SqliteCannotOpen };

    /// <summary>In-process: a commit that throws has rolled back.</summary>
    public override bool CommitCanBeLost => false;

    public override async Task CreateSchemaAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        // Persistent in the file; must run outside a transaction.
        using (DbCommand wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }
        await using DbTransaction transaction = await BeginWriteAsync(connection, cancellationToken);
        foreach (string statement in statements)
        {
            using DbCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Nothing to release: Microsoft.Data.Sqlite pools connections per connection string, process-wide.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
