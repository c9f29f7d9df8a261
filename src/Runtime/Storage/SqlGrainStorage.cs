using System.Data.Common;
using System.Runtime.InteropServices;
using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Storage;

/// <summary>
/// Grain state in table <c>grain_state</c> on a SQL engine (see RUNTIME.md). Every write is one
/// guarded statement (insert-if-absent, or update where the version is the expected one), so a
/// stale writer changes nothing and gets <see cref="InconsistentStateException"/>. The schema is
/// created on first use because <see cref="IGrainStorage"/> has no initialization step.
/// </summary>
public sealed class SqlGrainStorage : IGrainStorage, IAsyncDisposable
{
    private const string KeyCondition = "grain_type = @type AND grain_key = @key AND state_name = @name";

    private const string ReadSql = $"SELECT payload, version FROM grain_state WHERE {KeyCondition}";

    private const string VersionSql = $"SELECT version FROM grain_state WHERE {KeyCondition}";

    private const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, updated_at)
        VALUES (@type, @key, @name, @payload, 1, @now)
        ON CONFLICT DO NOTHING
        """;

    private const string UpdateSql =
        $"UPDATE grain_state SET payload = @payload, version = version + 1, updated_at = @now WHERE {KeyCondition} AND version = @expected";

    private const string ClearSql =
        $"UPDATE grain_state SET payload = NULL, version = version + 1, updated_at = @now WHERE {KeyCondition} AND version = @expected";

    private readonly SqlDialect _dialect;
    private readonly string[] _schema;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <param name="dialect">The engine: <see cref="SqlDialect.Sqlite"/> or <see cref="SqlDialect.Postgres"/>; the storage owns it.</param>
    public SqlGrainStorage(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
        _schema =
        [
            $"""
            CREATE TABLE IF NOT EXISTS grain_state (
                grain_type text NOT NULL,
                grain_key text NOT NULL,
                state_name text NOT NULL,
                payload {dialect.BlobColumnType} NULL,
                version bigint NOT NULL,
                updated_at {dialect.TimeColumnType} NOT NULL,
                PRIMARY KEY (grain_type, grain_key, state_name))
            """,
        ];
    }

    public async Task<StoredState> ReadAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        GrainStorageRules.CheckKey(key);
        await EnsureSchemaAsync(cancellationToken);
        await using DbConnection connection = await _dialect.OpenAsync(cancellationToken);
        using DbCommand command = WithKey(SqlCommands.Create(connection, null, ReadSql), key);
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new StoredState(null, 0);
        }
        byte[]? payload = reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0);
        return new StoredState(payload, reader.GetInt64(1));
    }

    public async Task<long> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken)
    {
        GrainStorageRules.CheckKey(key);
        GrainStorageRules.CheckExpectedVersion(expectedVersion);
        await EnsureSchemaAsync(cancellationToken);
        await using DbConnection connection = await _dialect.OpenAsync(cancellationToken);
        using DbCommand command = WithKey(SqlCommands.Create(connection, null, expectedVersion == 0 ? InsertSql : UpdateSql), key)
            .With("@payload", AsArray(payload))
            .With("@now", _dialect.ToDbTime(DateTimeOffset.UtcNow));
        if (expectedVersion != 0)
        {
            command.With("@expected", expectedVersion);
        }
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw await ConflictAsync(connection, key, expectedVersion, cancellationToken);
        }
        return expectedVersion + 1;
    }

    public async Task<long> ClearAsync(GrainStateKey key, long expectedVersion, CancellationToken cancellationToken)
    {
        GrainStorageRules.CheckKey(key);
        GrainStorageRules.CheckExpectedVersion(expectedVersion);
        await EnsureSchemaAsync(cancellationToken);
        await using DbConnection connection = await _dialect.OpenAsync(cancellationToken);
        if (expectedVersion == 0)
        {
            // Nothing was ever written: there is nothing to clear and no version to move.
            long? actual = await ReadVersionAsync(connection, key, cancellationToken);
            return actual is null ? 0 : throw new InconsistentStateException(key, expectedVersion, actual);
        }
        using DbCommand command = WithKey(SqlCommands.Create(connection, null, ClearSql), key)
            .With("@now", _dialect.ToDbTime(DateTimeOffset.UtcNow))
            .With("@expected", expectedVersion);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw await ConflictAsync(connection, key, expectedVersion, cancellationToken);
        }
        return expectedVersion + 1;
    }

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    /// <summary>The exception for a guarded statement that matched no row, naming the version re-read just after it.</summary>
    private static async Task<InconsistentStateException> ConflictAsync(DbConnection connection, GrainStateKey key, long expectedVersion, CancellationToken cancellationToken) =>
        new(key, expectedVersion, await ReadVersionAsync(connection, key, cancellationToken));

    private static async Task<long?> ReadVersionAsync(DbConnection connection, GrainStateKey key, CancellationToken cancellationToken)
    {
        using DbCommand command = WithKey(SqlCommands.Create(connection, null, VersionSql), key);
        object? version = await command.ExecuteScalarAsync(cancellationToken);
        return version is null or DBNull ? null : Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DbCommand WithKey(DbCommand command, GrainStateKey key) =>
        command.With("@type", key.GrainType).With("@key", key.GrainKey).With("@name", key.StateName);

    /// <summary>Both ADO.NET providers bind <c>byte[]</c>; avoid the copy when the memory already is a whole array.</summary>
    private static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private async ValueTask EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await _dialect.CreateSchemaAsync(_schema, cancellationToken);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
