using OrleansSearch.Runtime.Sql;

namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// The membership table in a SQLite file that several silo processes on one host share (WAL mode,
/// waits on locks, <c>BEGIN IMMEDIATE</c> for the compare-and-swap). No server needed.
/// </summary>
public sealed class SqliteMembershipTable : IMembershipTable
{
    private readonly SqlMembershipTable _table;

    /// <param name="connectionString">A SQLite connection string naming a file, e.g. <c>Data Source=/var/lib/app/cluster.db</c>.</param>
    /// <param name="clusterId">The cluster whose rows this instance reads and writes; other clusters may share the file.</param>
    public SqliteMembershipTable(string connectionString, string clusterId) =>
        _table = new SqlMembershipTable(new SqliteDialect(connectionString), clusterId);

    public Task InitializeAsync(CancellationToken cancellationToken) => _table.InitializeAsync(cancellationToken);

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken) => _table.ReadAllAsync(cancellationToken);

    public Task<bool> TryWriteAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken) =>
        _table.TryWriteAsync(entry, expectedVersion, cancellationToken);

    public Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset time, CancellationToken cancellationToken) =>
        _table.UpdateIAmAliveAsync(address, time, cancellationToken);
}
