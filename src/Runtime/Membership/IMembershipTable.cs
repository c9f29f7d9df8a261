namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// The membership table of one cluster id: rows per silo generation plus one version number.
/// Every change except the heartbeat is a compare-and-swap on that version, so concurrent joins,
/// suspicions and declarations never overwrite each other: the loser re-reads and retries.
/// Times are kept in UTC to the millisecond (finer ticks are truncated) by every provider, so a
/// value reads back the same whichever provider stored it.
/// </summary>
public interface IMembershipTable
{
    /// <summary>
    /// Creates the schema and this cluster's version row if they do not exist (idempotent, safe to race).
    /// Call it before anything else: the other methods throw <see cref="InvalidOperationException"/> until it has run.
    /// </summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads every row of this cluster and the version they were read at, consistently; rows ordered
    /// by host (ordinal), port, generation.
    /// </summary>
    Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts <paramref name="entry"/> or replaces the row with its address (all columns but the
    /// heartbeat) and bumps the version, only if the version is still <paramref name="expectedVersion"/>.
    /// Returns false, changing nothing, when another writer got there first. A new row takes its
    /// heartbeat from <paramref name="entry"/>; a replaced row keeps the heartbeat it has.
    /// </summary>
    Task<bool> TryWriteAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Records a heartbeat for an existing row without touching the version. Throws
    /// <see cref="InvalidOperationException"/> when the silo has no row (it must join first).
    /// </summary>
    Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset time, CancellationToken cancellationToken);
}
