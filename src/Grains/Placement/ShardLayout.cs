using System.Net;

namespace OrleansSearch.Grains.Placement;

/// <summary>
/// Where each copy of each shard belongs among a set of silos: the silos in a fixed order (by endpoint, so a
/// restarted silo takes back its place), shard <c>s</c> copy <c>k</c> on silo <c>(h + s + k) mod n</c>, with
/// <c>h</c> a stable hash of the index name so that indexes do not all start on the same silo. Consecutive
/// shards land on consecutive silos (an even spread: no silo holds more than one copy above another), and the
/// copies of one shard on distinct silos while there are at least as many silos as copies.
/// </summary>
public static class ShardLayout
{
    public static SiloAddress SiloFor(string index, int shard, int copy, IReadOnlyCollection<SiloAddress> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        if (silos.Count == 0)
        {
            throw new InvalidOperationException("No silo can host a shard copy.");
        }
        var ordered = silos.OrderBy(silo => silo.Endpoint, EndpointOrder.Instance).ToList();
        ulong slot = (StableHashing.Hash(index) + (ulong)shard + (ulong)copy) % (ulong)ordered.Count;
        return ordered[(int)slot];
    }

    /// <summary>Orders by address bytes, then port: independent of the silos' generations and of culture.</summary>
    private sealed class EndpointOrder : IComparer<IPEndPoint>
    {
        public static readonly EndpointOrder Instance = new();

        public int Compare(IPEndPoint? x, IPEndPoint? y)
        {
            int byAddress = x!.Address.GetAddressBytes().AsSpan().SequenceCompareTo(y!.Address.GetAddressBytes());
            return byAddress != 0 ? byAddress : x.Port.CompareTo(y.Port);
        }
    }
}
