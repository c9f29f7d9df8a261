namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// The membership table of one cluster in process memory: share one instance between the silos of
/// an in-process cluster (tests, single-process runs). Same semantics as the SQL tables, including
/// millisecond UTC times and the version compare-and-swap.
/// </summary>
public sealed class MemoryMembershipTable : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, MembershipEntry> _entries = [];
    private long _version;
    private bool _initialized;

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _initialized = true;
        }
        return Task.CompletedTask;
    }

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MembershipEntry[] entries;
        long version;
        lock (_lock)
        {
            ThrowIfNotInitialized();
            entries = [.. _entries.Values];
            version = _version;
        }
        Array.Sort(entries, MembershipEntryRules.CompareByAddress);
        return Task.FromResult(new MembershipTableSnapshot(version, entries));
    }

    public Task<bool> TryWriteAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        MembershipEntry stored = MembershipEntryRules.Normalize(entry);
        MembershipEntryRules.CheckExpectedVersion(expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfNotInitialized();
            if (_version != expectedVersion)
            {
                return Task.FromResult(false);
            }
            if (_entries.TryGetValue(stored.Address, out MembershipEntry? existing))
            {
                stored = stored with { IAmAliveTime = existing.IAmAliveTime };
            }
            _entries[stored.Address] = stored;
            _version++;
        }
        return Task.FromResult(true);
    }

    public Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset time, CancellationToken cancellationToken)
    {
        MembershipEntryRules.CheckAddress(address, nameof(address));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfNotInitialized();
            if (!_entries.TryGetValue(address, out MembershipEntry? existing))
            {
                throw MembershipEntryRules.UnknownSilo(address);
            }
            _entries[address] = existing with { IAmAliveTime = StoredTime.Truncate(time) };
        }
        return Task.CompletedTask;
    }

    private void ThrowIfNotInitialized()
    {
        if (!_initialized)
        {
            throw MembershipEntryRules.NotInitialized(clusterId: null);
        }
    }
}
