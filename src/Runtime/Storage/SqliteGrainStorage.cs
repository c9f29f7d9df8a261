using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Storage;

/// <summary>
/// Grain state in a SQLite file that several silo processes on one host may share (WAL mode, waits
/// on locks). The table is created on first use.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly SqlGrainStorage _storage;

    /// <param name="connectionString">A SQLite connection string naming a file, e.g. <c>Data Source=/var/lib/app/state.db</c>.</param>
    public SqliteGrainStorage(string connectionString) => _storage = new SqlGrainStorage(new SqliteDialect(connectionString));

    public Task<StoredState> ReadAsync(GrainStateKey key, CancellationToken cancellationToken) => _storage.ReadAsync(key, cancellationToken);

    public Task<long> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken) =>
        _storage.WriteAsync(key, payload, expectedVersion, cancellationToken);

    public Task<long> ClearAsync(GrainStateKey key, long expectedVersion, CancellationToken cancellationToken) =>
        _storage.ClearAsync(key, expectedVersion, cancellationToken);
}
