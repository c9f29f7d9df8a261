using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
[SuppressMessage("Reliability", "CA1001", Justification = "_changes is a SemaphoreSlim whose wait handle is never read: it holds nothing to release, and a grain activation has no disposal point of its own.")]
public sealed partial class IndexCatalogGrain(
    [PersistentState("catalog", StorageNames.Catalog)] IPersistentState<IndexCatalogState> catalog,
    [FromKeyedServices(SearchClock.Key)] TimeProvider time,
    ILogger<IndexCatalogGrain> logger) : Grain, IIndexCatalogGrain
{
    /// <summary>How often an advanced generation the grain storage refused is tried again.</summary>
    private static readonly TimeSpan GenerationSaveRetry = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly Dictionary<IIndexChangeObserver, DateTimeOffset> _observers = [];

    /// <summary>Retries saving a generation advanced in memory only; null while the saved state is current.</summary>
    private IGrainTimer? _unsavedGeneration;

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
        try
        {
            await catalog.WriteStateAsync();
            StopRetryingSave();
        }
        catch (Exception exception)
        {
            // Advance runs after the shards stored a write: those documents are durable and acknowledged, so this is
            // not the caller's failure. The generation that invalidates cached answers is served from memory
            // (Describe) already; the saved copy is brought up to it on a timer instead of being lost silently.
            string index = this.GetPrimaryKeyString();
            LogGenerationNotSaved(logger, index, catalog.State.Generation, exception);
            _unsavedGeneration ??= this.RegisterGrainTimer(SaveGenerationAsync, new GrainTimerCreationOptions(GenerationSaveRetry, GenerationSaveRetry) { KeepAlive = true });
        }
        Notify(observer => observer.Changed(Description()));
        return catalog.State.Generation;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
        => _unsavedGeneration is null ? Task.CompletedTask : SaveGenerationAsync(cancellationToken);

    private async Task SaveGenerationAsync(CancellationToken cancellationToken)
    {
        string index = this.GetPrimaryKeyString();
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (_unsavedGeneration is null)
            {
                return;
            }
            long generation = catalog.State.Generation;
            try
            {
                await catalog.WriteStateAsync(cancellationToken);
            }
            catch (Orleans.Storage.InconsistentStateException)
            {
                // The failed save may have landed after all, moving the stored ETag: read it and write on top of it.
                await catalog.ReadStateAsync(cancellationToken);
                if (catalog.State.Spec is null)
                {
                    StopRetryingSave();
                    return;
                }
                catalog.State.Generation = Math.Max(catalog.State.Generation, generation);
                await catalog.WriteStateAsync(cancellationToken);
            }
            StopRetryingSave();
            LogGenerationSaved(logger, index, catalog.State.Generation);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogGenerationNotSaved(logger, index, catalog.State.Generation, exception);
        }
        finally
        {
            _changes.Release();
        }
    }

    private void StopRetryingSave()
    {
        _unsavedGeneration?.Dispose();
        _unsavedGeneration = null;
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
        StopRetryingSave();
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

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Index {Index}: generation {Generation} is advanced in memory but could not be saved; retrying")]
    private static partial void LogGenerationNotSaved(ILogger logger, string index, long generation, Exception exception);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Index {Index}: generation {Generation} saved after earlier failures")]
    private static partial void LogGenerationSaved(ILogger logger, string index, long generation);
}
