using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Grains.Storage;

/// <summary>
/// The document store over ADO.NET on the runtime's SQL engines (<see cref="SqlDialect.Sqlite"/> for the embedded
/// default, <see cref="SqlDialect.Postgres"/> for clusters): tables <c>documents</c> and <c>shard_snapshots</c>.
/// All SQL is parameterized; writes take the engine's write lock up front. The store owns its dialect.
/// </summary>
/// <param name="logger">Where the cause of an outage is logged: the exceptions that leave the store do not carry it.</param>
public sealed partial class SqlDocumentStore(SqlDialect dialect, ILogger<SqlDocumentStore>? logger = null) : IDocumentStore, IAsyncDisposable
{
    private readonly ILogger _logger = logger ?? NullLogger<SqlDocumentStore>.Instance;

    /// <summary>
    /// Tries of an operation the store could not be reached for before it committed anything: the second, on a fresh
    /// connection, is what a pool emptied by a database restart needs; more would only delay the 503 while the
    /// database is really down.
    /// </summary>
    private const int Attempts = 2;

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

    public Task PingAsync(CancellationToken cancellationToken) => GuardedAsync(async _ =>
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    });

    public Task WriteAsync(string index, int shard, IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return GuardedAsync(async commit =>
        {
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
            commit.Sent = true;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return changes.Count;
        });
    }

    public async IAsyncEnumerable<DocumentChange> ReadChangesAsync(string index, int shard, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Opening and the first round trip are retried like any read; a failure after rows were handed out is not
        // (the caller has consumed them), it only becomes a StoreUnavailableException.
        await using var rows = await GuardedAsync(_ => OpenRowsAsync(
            "SELECT id, version, seq, payload FROM documents WHERE index_name = @index AND shard = @shard AND seq > @after ORDER BY seq",
            command =>
            {
                Add(command, "@index", index);
                Add(command, "@shard", shard);
                Add(command, "@after", afterSequence);
            },
            cancellationToken)).ConfigureAwait(false);
        while (await NextRowAsync(rows.Reader, cancellationToken).ConfigureAwait(false))
        {
            yield return ReadChange(rows.Reader);
        }
    }

    public Task<DocumentChange?> ReadAsync(string index, int shard, string id, CancellationToken cancellationToken) => GuardedAsync(async _ =>
    {
        await using var rows = await OpenRowsAsync(
            "SELECT id, version, seq, payload FROM documents WHERE index_name = @index AND shard = @shard AND id = @id",
            command =>
            {
                Add(command, "@index", index);
                Add(command, "@shard", shard);
                Add(command, "@id", id);
            },
            cancellationToken).ConfigureAwait(false);
        return await rows.Reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadChange(rows.Reader) : null;
    });

    public Task<ShardSnapshotRow?> ReadSnapshotAsync(string index, int shard, CancellationToken cancellationToken) => GuardedAsync(async _ =>
    {
        await using var rows = await OpenRowsAsync(
            "SELECT seq, payload FROM shard_snapshots WHERE index_name = @index AND shard = @shard",
            command =>
            {
                Add(command, "@index", index);
                Add(command, "@shard", shard);
            },
            cancellationToken).ConfigureAwait(false);
        return await rows.Reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new ShardSnapshotRow(rows.Reader.GetInt64(0), (byte[])rows.Reader.GetValue(1)) : null;
    });

    /// <summary>A snapshot is an upsert of a whole row: repeating it is harmless, so it is retried like a read.</summary>
    public Task WriteSnapshotAsync(string index, int shard, long sequence, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) => GuardedAsync(async _ =>
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
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    });

    /// <summary>Deleting what is already deleted changes nothing: retried like a read.</summary>
    public Task DropAsync(string index, int shard, CancellationToken cancellationToken) => GuardedAsync(async _ =>
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
        return true;
    });

    /// <summary>
    /// Runs a store operation, turning a store that cannot be reached into <see cref="StoreUnavailableException"/>
    /// and a commit whose answer was lost into <see cref="WriteOutcomeUnknownException"/>; other errors pass as they
    /// are. A connection failure clears the pool, and an operation that committed nothing runs once more on a fresh
    /// connection: after a database restart the pooled connections are all dead, and the first write back must not
    /// fail on one of them. Only commands of <paramref name="operation"/> before <see cref="CommitProgress.Sent"/>
    /// count as not committed, so the operation sets it right before its commit.
    /// </summary>
    private async Task<T> GuardedAsync<T>(Func<CommitProgress, Task<T>> operation)
    {
        for (int attempt = 1; ; attempt++)
        {
            var commit = new CommitProgress();
            var kind = StoreFailureKind.NotAnOutage;
            try
            {
                return await operation(commit).ConfigureAwait(false);
            }
            catch (Exception exception) when ((kind = StoreFailureClassifier.Classify(dialect, exception, commit.Sent)) != StoreFailureKind.NotAnOutage)
            {
                dialect.ResetConnections();
                if (kind == StoreFailureKind.NotWritten && attempt < Attempts)
                {
                    continue;
                }
                LogOutage(_logger, kind, Describe(exception));
                throw kind == StoreFailureKind.OutcomeUnknown ? OutcomeUnknown() : Unavailable();
            }
        }
    }

    private async Task<bool> NextRowAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (dialect.IsConnectionFailure(exception))
        {
            dialect.ResetConnections();
            LogOutage(_logger, StoreFailureKind.NotWritten, Describe(exception));
            throw Unavailable();
        }
    }

    private async Task<OpenRows> OpenRowsAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        DbCommand? command = null;
        try
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return new OpenRows(connection, command, reader);
        }
        catch
        {
            if (command is not null)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The cause (host names, the driver's wording) is logged here, not carried: the driver's exceptions cannot cross a
    // grain call (Orleans has no codec for them). The gateway words what clients are told.
    private static StoreUnavailableException Unavailable() => new("The document store cannot be reached; nothing was written.");

    private static WriteOutcomeUnknownException OutcomeUnknown() => new("The connection to the document store broke while committing: the write may or may not be stored.");

    /// <summary>The messages of the exception and its inner ones, e.g. "Failed to connect to 10.0.0.5:5432: Connection refused".</summary>
    private static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }
        return string.Join(": ", messages);
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Document store unavailable ({Kind}): {Cause}")]
    private static partial void LogOutage(ILogger logger, StoreFailureKind kind, string cause);

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

    /// <summary>Set by a write right before it sends COMMIT: a connection lost after that may hide a commit.</summary>
    private sealed class CommitProgress
    {
        public bool Sent { get; set; }
    }

    /// <summary>A reader with the command and connection it needs, disposed together.</summary>
    private sealed class OpenRows(DbConnection connection, DbCommand command, DbDataReader reader) : IAsyncDisposable
    {
        public DbDataReader Reader => reader;

        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            await command.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
