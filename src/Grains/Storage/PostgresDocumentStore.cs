using System.Data.Common;
using Npgsql;

namespace OrleansSearch.Grains.Storage;

/// <summary>The document store in PostgreSQL (clustered deployments), over a pooled data source.</summary>
public sealed class PostgresDocumentStore(string connectionString) : SqlDocumentStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    protected override string BlobType => "BYTEA";

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
        => await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator in PostgreSQL: an advisory lock serializes them.</summary>
    protected override async Task CreateSchemaAsync(DbConnection connection, string ddl, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(7261530812)";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = ddl;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
