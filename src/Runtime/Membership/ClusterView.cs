using System.Collections.Frozen;

namespace OrleansSearch.Runtime.Membership;

/// <summary>
/// What a process currently believes about the cluster: the Active silos (the grain owners) and the
/// status of every known silo generation, at one table version.
/// </summary>
public sealed class ClusterView
{
    public static readonly ClusterView Empty = new(0, []);

    public ClusterView(long version, IReadOnlyList<MembershipEntry> entries)
    {
        Version = version;
        var active = new List<SiloAddress>();
        var statuses = new Dictionary<SiloAddress, SiloStatus>();
        foreach (var entry in entries)
        {
            statuses[entry.Address] = entry.Status;
            if (entry.Status == SiloStatus.Active)
            {
                active.Add(entry.Address);
            }
        }
        active.Sort(static (a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        ActiveSilos = active;
        Statuses = statuses.ToFrozenDictionary();
        SiloHashes = active.ConvertAll(static silo => StableHashing.Hash(silo.ToString()));
    }

    public long Version { get; }

    /// <summary>Active silos in address order (the probe ring).</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    public FrozenDictionary<SiloAddress, SiloStatus> Statuses { get; }

    /// <summary>Stable hash of each Active silo's address, same order, for placement.</summary>
    internal IReadOnlyList<ulong> SiloHashes { get; }

    public SiloStatus StatusOf(SiloAddress silo) => Statuses.TryGetValue(silo, out var status) ? status : SiloStatus.None;

    public override string ToString() => $"v{Version} [{string.Join(", ", ActiveSilos)}]";
}
