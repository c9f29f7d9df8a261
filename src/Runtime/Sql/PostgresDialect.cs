using System.Data.Common;
using Npgsql;

namespace OrleansSearch.Runtime.Sql;

/// <summary>
/// PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>. Write transactions run at READ
/// COMMITTED: the guarded <c>UPDATE … WHERE version = @expected</c> takes the row lock, and a writer
/// that waited on it re-checks the condition against the committed row, so the compare-and-swap
/// holds without SERIALIZABLE retries. Times are <c>timestamptz</c> (microseconds, UTC).
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>
    /// Advisory lock key serializing schema creation: concurrent <c>CREATE TABLE IF NOT EXISTS</c> of the
    /// same table can still fail with a unique violation in the catalog, so creators take turns.
    /// </summary>
    private const long SchemaLockKey = 0x4F53_5275_6E74_696D; // "OSRuntim"

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDialect(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            _dataSource = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{connectionString}' is not an Npgsql connection string (expected e.g. \"Host=127.0.0.1;Port=5432;Username=app;Database=app\"): {e.Message}", nameof(connectionString), e);
        }
    }

    public override string TimeColumnType => "timestamptz";

    public override string BlobColumnType => "bytea";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public override async Task CreateSchemaAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        using (DbCommand lockCommand = SqlCommands.Create(connection, transaction, "SELECT pg_advisory_xact_lock(@key)").With("@key", SchemaLockKey))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (string statement in statements)
        {
            using DbCommand command = SqlCommands.Create(connection, transaction, statement);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public override object ToDbTime(DateTimeOffset time) => time.UtcDateTime;

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc));

    public override bool IsMissingTable(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable };

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
