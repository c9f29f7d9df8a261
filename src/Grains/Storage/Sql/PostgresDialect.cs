using System.Data.Common;
using Npgsql;

namespace OrleansSearch.Grains.Storage.Sql;

/// <summary>
/// PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>. Write transactions run at READ
/// COMMITTED: a shard grain is the only writer of its rows, so nothing needs a stronger isolation.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>
    /// Advisory lock key serializing schema creation: concurrent <c>CREATE TABLE IF NOT EXISTS</c> of the
    /// same table can still fail with a unique violation in the catalog, so creators take turns.
    /// </summary>
    private const long SchemaLockKey = 0x4F53_446F_6353_746F; // "OSDocSto"

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

    public override string BlobColumnType => "bytea";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public override bool IsConnectionFailure(Exception exception) => PostgresConnectionFailures.Is(exception);

    public override bool CommitCanBeLost => true;

    public override void ResetConnections() => _dataSource.Clear();

    public override async Task CreateSchemaAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (string statement in statements)
        {
            using DbCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
