namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// The membership table of one cluster id: rows per silo generation plus one version number.
/// Every change except the heartbeat is a compare-and-swap on that version, so concurrent joins,
/// suspicions and declarations never overwrite each other: the loser re-reads and retries.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the schema and this cluster's version row if they do not exist (idempotent, safe to race).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every row of this cluster and the version they were read at, consistently.</summary>
    Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts <paramref name="entry"/> or replaces the row with its address (all columns but the
    /// heartbeat) and bumps the version, only if the version is still <paramref name="expectedVersion"/>.
    /// Returns false, changing nothing, when another writer got there first.
    /// </summary>
    Task<bool> TryWriteAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Records a heartbeat for an existing row without touching the version.</summary>
    Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset time, CancellationToken cancellationToken);
}
