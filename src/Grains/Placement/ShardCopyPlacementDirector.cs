using Orleans.Runtime.Placement;

namespace OrleansSearch.Grains.Placement;

/// <summary>Puts a new shard copy activation on the silo <see cref="ShardLayout"/> assigns it among the compatible ones.</summary>
public sealed class ShardCopyPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (ShardKeys.TryParse(target.GrainIdentity.Key.ToString()!, out string index, out int shard, out int copy))
        {
            return Task.FromResult(ShardLayout.SiloFor(index, shard, copy, silos));
        }
        // Not a shard key (only our bug makes one): the shard grain refuses it on activation, wherever that is.
        return Task.FromResult(silos.Contains(context.LocalSilo) ? context.LocalSilo : silos[0]);
    }
}
