using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Runtime.Hosting;

namespace OrleansSearch.Silo;

/// <summary>Makes a silo host the search grains (shards, catalog, cache entries, rate limiters) with the services they take.</summary>
public static class SearchGrains
{
    public static SiloBuilder AddTo(SiloBuilder builder, ClusterStorage storage, ShardOptions shards)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        return builder
            .AddGrainsFrom(typeof(ShardGrain).Assembly)
            .ConfigureServices(services =>
            {
                services.AddSingleton(storage.Documents);
                services.AddSingleton(shards);
                services.TryAddSingleton(TimeProvider.System);
            });
    }
}
