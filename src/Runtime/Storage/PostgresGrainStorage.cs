using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Storage;

/// <summary>
/// Grain state in PostgreSQL. Owns a connection pool: dispose it when the silo stops. The table is
/// created on first use.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly SqlGrainStorage _storage;

    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Username=silo;Password=…;Database=state</c>.</param>
    public PostgresGrainStorage(string connectionString) => _storage = new SqlGrainStorage(new PostgresDialect(connectionString));

    public Task<StoredState> ReadAsync(GrainStateKey key, CancellationToken cancellationToken) => _storage.ReadAsync(key, cancellationToken);

    public Task<long> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken) =>
        _storage.WriteAsync(key, payload, expectedVersion, cancellationToken);

    public Task<long> ClearAsync(GrainStateKey key, long expectedVersion, CancellationToken cancellationToken) =>
        _storage.ClearAsync(key, expectedVersion, cancellationToken);

    public ValueTask DisposeAsync() => _storage.DisposeAsync();
}
