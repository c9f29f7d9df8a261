namespace OrleansSearch.Grains.Placement;

/// <summary>
/// Places the copies of a shard on different silos and spreads shards evenly (<see cref="ShardLayout"/>).
/// Orleans resolves the strategy by type and asks <see cref="ShardCopyPlacementDirector"/> where a new activation goes.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansSearch.ShardCopyPlacement")]
public sealed class ShardCopyPlacement : PlacementStrategy
{
    internal static readonly ShardCopyPlacement Instance = new();
}

/// <summary>Marks a grain class whose keys are shard copy keys (<see cref="ShardKeys"/>) for <see cref="ShardCopyPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardCopyPlacementAttribute() : Orleans.Placement.PlacementAttribute(ShardCopyPlacement.Instance);
