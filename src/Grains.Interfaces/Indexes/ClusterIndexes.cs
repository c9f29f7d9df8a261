namespace OrleansSearch.Grains;

/// <summary>Every index of the cluster with its definition, from the registry and the catalog grains.</summary>
public static class ClusterIndexes
{
    public static async Task<IReadOnlyList<IndexSpec>> ListAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var names = await grains.GetGrain<IIndexRegistryGrain>(IIndexRegistryGrain.Key).List();
        var descriptions = await Task.WhenAll(names.Select(name => grains.GetGrain<IIndexCatalogGrain>(name).Describe()));
        return [.. descriptions.Where(description => description is not null).Select(description => description!.Spec)];
    }

    /// <summary>Every copy of every shard of <paramref name="spec"/>.</summary>
    public static IEnumerable<(int Shard, int Copy)> CopiesOf(IndexSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Enumerable.Range(0, spec.ShardCount).SelectMany(shard => Enumerable.Range(0, spec.Copies).Select(copy => (shard, copy)));
    }
}
