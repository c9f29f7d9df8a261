using System.Data.Common;

namespace OrleansSearch.Grains.Storage.Sql;

/// <summary>
/// What differs between the SQL engines the document store runs on. The statements themselves are
/// shared: SQLite and PostgreSQL both accept <c>@name</c> parameters, <c>ON CONFLICT</c> upserts and
/// <c>CREATE TABLE IF NOT EXISTS</c>, so one implementation serves both engines. The store owns its
/// dialect: disposing it disposes the dialect's connection pool.
/// </summary>
public abstract class SqlDialect : IAsyncDisposable
{
    private protected SqlDialect()
    {
    }

    /// <summary>
    /// SQLite in a file that several silo processes on one host may share (WAL, waits on locks).
    /// <paramref name="connectionString"/> names a file, e.g. <c>Data Source=/var/lib/app/cluster.db</c>; an
    /// in-memory database is refused because connections are opened per operation and by several processes.
    /// </summary>
    public static SqlDialect Sqlite(string connectionString) => new SqliteDialect(connectionString);

    /// <summary>
    /// PostgreSQL, for silos on several hosts, over one pooled data source.
    /// <paramref name="connectionString"/> is an Npgsql connection string, e.g. <c>Host=db;Username=silo;Password=…;Database=cluster</c>.
    /// </summary>
    public static SqlDialect Postgres(string connectionString) => new PostgresDialect(connectionString);

    /// <summary>Column type of opaque byte payloads.</summary>
    public abstract string BlobColumnType { get; }

    /// <summary>An open connection; the caller disposes it (which returns it to the pool).</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A transaction that holds the engine's write lock from its first statement, so a
    /// read-check-write inside it cannot be interleaved with another writer's.
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// The exception means the database could not be reached or the connection broke (refused, reset, timed out,
    /// the server shutting down or out of connections) rather than the database refusing the statement.
    /// </summary>
    public abstract bool IsConnectionFailure(Exception exception);

    /// <summary>
    /// A connection failure while a commit is in flight can hide a commit that happened: true for a server across
    /// a network; false for an in-process engine, whose failed commit is known to have rolled back.
    /// </summary>
    public abstract bool CommitCanBeLost { get; }

    /// <summary>
    /// Drops the pooled idle connections, so the next operation opens a fresh one: after a database restart every
    /// pooled connection is dead, and each would fail one operation before the pool noticed.
    /// </summary>
    public virtual void ResetConnections()
    {
    }

    /// <summary>Runs <paramref name="statements"/> (idempotent DDL) so that processes racing to create the schema all succeed.</summary>
    public abstract Task CreateSchemaAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
