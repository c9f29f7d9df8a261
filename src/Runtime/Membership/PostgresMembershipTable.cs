using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// The membership table in PostgreSQL, for silos on several hosts. Owns a connection pool: dispose
/// it when the silo stops.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable, IAsyncDisposable
{
    private readonly SqlMembershipTable _table;

    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Username=silo;Password=…;Database=cluster</c>.</param>
    /// <param name="clusterId">The cluster whose rows this instance reads and writes; other clusters may share the database.</param>
    public PostgresMembershipTable(string connectionString, string clusterId) =>
        _table = new SqlMembershipTable(new PostgresDialect(connectionString), clusterId);

    public Task InitializeAsync(CancellationToken cancellationToken) => _table.InitializeAsync(cancellationToken);

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken) => _table.ReadAllAsync(cancellationToken);

    public Task<bool> TryWriteAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken) =>
        _table.TryWriteAsync(entry, expectedVersion, cancellationToken);

    public Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset time, CancellationToken cancellationToken) =>
        _table.UpdateIAmAliveAsync(address, time, cancellationToken);

    public ValueTask DisposeAsync() => _table.DisposeAsync();
}
