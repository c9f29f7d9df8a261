using OrleansSearch.Runtime.Membership;

namespace OrleansSearch.Runtime.Placement;

/// <summary>
/// owner(grain) = the Active silo with the highest hash of (grain id, silo address): rendezvous
/// (highest-random-weight) hashing. Every silo and client computes the same owner from the same view
/// with no directory, and a membership change moves only the grains of silos that came or went —
/// adding a fourth silo to three moves about a quarter of the grains, all to the new silo.
/// </summary>
internal static class RendezvousPlacement
{
    /// <summary>The owner of <paramref name="grain"/> in <paramref name="view"/>, or null when no silo is Active.</summary>
    public static SiloAddress? Owner(GrainId grain, ClusterView view)
    {
        var silos = view.ActiveSilos;
        if (silos.Count == 0)
        {
            return null;
        }
        ulong grainHash = grain.StableHash;
        int best = 0;
        ulong bestScore = StableHashing.Combine(grainHash, view.SiloHashes[0]);
        for (int i = 1; i < silos.Count; i++)
        {
            ulong score = StableHashing.Combine(grainHash, view.SiloHashes[i]);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }
        return silos[best];
    }
}
