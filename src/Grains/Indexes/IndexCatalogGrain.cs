using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace OrleansSearch.Grains.Indexes;

/// <summary>Persisted definition and generation of one index.</summary>
public sealed class IndexCatalogState
{
    public IndexSpec? Spec { get; set; }
    public long Generation { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The catalog entry of one index: creates (validating the schema), describes, advances the generation and drops.
/// Reentrant because Drop calls every shard, and a shard that is not active activates first by calling
/// <see cref="Describe"/> here: a non-reentrant catalog would wait on itself until the call timed out.
/// The changing methods still run one at a time, behind <see cref="_changes"/>.
/// </summary>
[Reentrant]
public sealed class IndexCatalogGrain([PersistentState("catalog", StorageNames.Catalog)] IPersistentState<IndexCatalogState> catalog, [FromKeyedServices(SearchClock.Key)] TimeProvider time) : Grain, IIndexCatalogGrain
{
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly Dictionary<IIndexChangeObserver, DateTimeOffset> _observers = [];

    public async Task<IndexDescription> Create(IndexSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await _changes.WaitAsync();
        try
        {
            return await CreateAsync(spec);
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task<IndexDescription> CreateAsync(IndexSpec spec)
    {
        if (spec.Name != this.GetPrimaryKeyString())
        {
            throw new InvalidArgumentException($"Index spec names '{spec.Name}' but this catalog entry is '{this.GetPrimaryKeyString()}'.");
        }
        if (spec.Replicas is < 0 or > IndexSpec.MaxReplicas)
        {
            throw new InvalidArgumentException($"replicas is {spec.Replicas}; it must be between 0 and {IndexSpec.MaxReplicas}.");
        }
        try
        {
            IndexSchemaFactory.Build(spec);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidArgumentException(exception.Message);
        }
        if (catalog.State.Spec is { } existing)
        {
            if (SameSpec(existing, spec))
            {
                return Description();
            }
            throw new IndexExistsException(spec.Name);
        }
        catalog.State = new IndexCatalogState { Spec = spec, Generation = 1, CreatedAt = time.GetUtcNow() };
        await catalog.WriteStateAsync();
        await GrainFactory.GetGrain<IIndexRegistryGrain>(IIndexRegistryGrain.Key).Add(spec.Name);
        return Description();
    }

    public Task<IndexDescription?> Describe() => Task.FromResult(catalog.State.Spec is null ? null : Description());

    public async Task<long> Advance()
    {
        await _changes.WaitAsync();
        try
        {
            return await AdvanceAsync();
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task<long> AdvanceAsync()
    {
        if (catalog.State.Spec is null)
        {
            throw new IndexNotFoundException(this.GetPrimaryKeyString());
        }
        catalog.State.Generation++;
        await catalog.WriteStateAsync();
        Notify(observer => observer.Changed(Description()));
        return catalog.State.Generation;
    }

    public async Task Drop()
    {
        await _changes.WaitAsync();
        try
        {
            await DropAsync();
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task DropAsync()
    {
        if (catalog.State.Spec is not { } spec)
        {
            throw new IndexNotFoundException(this.GetPrimaryKeyString());
        }
        // The writing copies remove the documents; the following copies only go away.
        await Task.WhenAll(Enumerable.Range(0, spec.ShardCount).Select(shard => GrainFactory.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, shard)).Drop()));
        await Task.WhenAll(Enumerable.Range(0, spec.ShardCount).SelectMany(shard => Enumerable.Range(1, spec.Replicas).Select(copy => GrainFactory.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, shard, copy)).Drop())));
        await GrainFactory.GetGrain<IIndexRegistryGrain>(IIndexRegistryGrain.Key).Remove(spec.Name);
        await catalog.ClearStateAsync();
        Notify(observer => observer.Dropped(spec.Name));
    }

    public Task<IndexDescription?> Subscribe(IIndexChangeObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers[observer] = time.GetUtcNow() + IIndexCatalogGrain.SubscriptionLifetime;
        return Describe();
    }

    /// <summary>One-way notices to the live subscriptions; expired ones are forgotten on the way.</summary>
    private void Notify(Func<IIndexChangeObserver, Task> notice)
    {
        var now = time.GetUtcNow();
        foreach (var (observer, expires) in _observers.ToList())
        {
            if (expires <= now)
            {
                _observers.Remove(observer);
                continue;
            }
            _ = notice(observer);
        }
    }

    private IndexDescription Description() => new(catalog.State.Spec!, catalog.State.Generation, catalog.State.CreatedAt);

    private static bool SameSpec(IndexSpec a, IndexSpec b)
        => a.Name == b.Name && a.ShardCount == b.ShardCount && a.Replicas == b.Replicas && a.K1.Equals(b.K1) && a.B.Equals(b.B) && a.Fields.SequenceEqual(b.Fields);
}
