using System.Data.Common;
using System.Runtime.CompilerServices;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Grains.Storage;

/// <summary>
/// The document store over ADO.NET on the runtime's SQL engines (<see cref="SqlDialect.Sqlite"/> for the embedded
/// default, <see cref="SqlDialect.Postgres"/> for clusters): tables <c>documents</c> and <c>shard_snapshots</c>.
/// All SQL is parameterized; writes take the engine's write lock up front. The store owns its dialect.
/// </summary>
public sealed class SqlDocumentStore(SqlDialect dialect) : IDocumentStore, IAsyncDisposable
{
    public Task InitializeAsync(CancellationToken cancellationToken) => dialect.CreateSchemaAsync(
        [
            $"""
            CREATE TABLE IF NOT EXISTS documents (
                index_name TEXT NOT NULL, shard INTEGER NOT NULL, id TEXT NOT NULL,
                version BIGINT NOT NULL, seq BIGINT NOT NULL, payload {dialect.BlobColumnType}, updated_at BIGINT NOT NULL,
                PRIMARY KEY (index_name, shard, id))
            """,
            "CREATE INDEX IF NOT EXISTS documents_by_sequence ON documents (index_name, shard, seq)",
            $"""
            CREATE TABLE IF NOT EXISTS shard_snapshots (
                index_name TEXT NOT NULL, shard INTEGER NOT NULL, seq BIGINT NOT NULL, payload {dialect.BlobColumnType} NOT NULL, created_at BIGINT NOT NULL,
                PRIMARY KEY (index_name, shard))
            """,
        ],
        cancellationToken);

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(string index, int shard, IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO documents (index_name, shard, id, version, seq, payload, updated_at)
            VALUES (@index, @shard, @id, @version, @seq, @payload, @now)
            ON CONFLICT (index_name, shard, id) DO UPDATE
            SET version = excluded.version, seq = excluded.seq, payload = excluded.payload, updated_at = excluded.updated_at
            """;
        var id = Add(command, "@id", "");
        var version = Add(command, "@version", 0L);
        var sequence = Add(command, "@seq", 0L);
        var payload = Add(command, "@payload", DBNull.Value);
        Add(command, "@index", index);
        Add(command, "@shard", shard);
        Add(command, "@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        foreach (var change in changes)
        {
            id.Value = change.Id;
            version.Value = change.Version;
            sequence.Value = change.Sequence;
            payload.Value = change.Payload is null ? DBNull.Value : change.Payload;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<DocumentChange> ReadChangesAsync(string index, int shard, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, version, seq, payload FROM documents WHERE index_name = @index AND shard = @shard AND seq > @after ORDER BY seq";
        Add(command, "@index", index);
        Add(command, "@shard", shard);
        Add(command, "@after", afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadChange(reader);
        }
    }

    public async Task<DocumentChange?> ReadAsync(string index, int shard, string id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, version, seq, payload FROM documents WHERE index_name = @index AND shard = @shard AND id = @id";
        Add(command, "@index", index);
        Add(command, "@shard", shard);
        Add(command, "@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadChange(reader) : null;
    }

    public async Task<ShardSnapshotRow?> ReadSnapshotAsync(string index, int shard, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, payload FROM shard_snapshots WHERE index_name = @index AND shard = @shard";
        Add(command, "@index", index);
        Add(command, "@shard", shard);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new ShardSnapshotRow(reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
    }

    public async Task WriteSnapshotAsync(string index, int shard, long sequence, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO shard_snapshots (index_name, shard, seq, payload, created_at) VALUES (@index, @shard, @seq, @payload, @now)
            ON CONFLICT (index_name, shard) DO UPDATE SET seq = excluded.seq, payload = excluded.payload, created_at = excluded.created_at
            """;
        Add(command, "@index", index);
        Add(command, "@shard", shard);
        Add(command, "@seq", sequence);
        Add(command, "@payload", payload.ToArray());
        Add(command, "@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DropAsync(string index, int shard, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (string table in (string[])["documents", "shard_snapshots"])
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {table} WHERE index_name = @index AND shard = @shard";
            Add(command, "@index", index);
            Add(command, "@shard", shard);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DocumentChange ReadChange(DbDataReader reader)
        => new(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3));

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
