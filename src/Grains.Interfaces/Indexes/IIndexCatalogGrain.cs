using Orleans.Concurrency;

namespace OrleansSearch.Grains;

/// <summary>One index's definition and generation, keyed by index name. Persisted.</summary>
[Alias("OrleansSearch.IIndexCatalogGrain")]
public interface IIndexCatalogGrain : IGrainWithStringKey
{
    /// <summary>Creates the index; creating it again with the same spec is a no-op, with another spec an <see cref="IndexExistsException"/>.</summary>
    [Alias("Create")]
    Task<IndexDescription> Create(IndexSpec spec);

    /// <summary>The index, or null when it does not exist.</summary>
    [ReadOnly]
    [Alias("Describe")]
    Task<IndexDescription?> Describe();

    /// <summary>Records that the index changed (after acknowledged writes) and returns the new generation.</summary>
    [Alias("Advance")]
    Task<long> Advance();

    /// <summary>
    /// Sends <paramref name="observer"/> this index's changes for <see cref="SubscriptionLifetime"/> (subscribing
    /// again renews it) and returns the current description, or null when the index does not exist.
    /// </summary>
    [Alias("Subscribe")]
    Task<IndexDescription?> Subscribe(IIndexChangeObserver observer);

    /// <summary>How long a subscription lasts unless renewed: observers of gateways that went away are forgotten.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>Deletes the index: its documents, snapshots and definition.</summary>
    [Alias("Drop")]
    Task Drop();
}

/// <summary>The names of all indexes, keyed by <see cref="Key"/>. Persisted.</summary>
[Alias("OrleansSearch.IIndexRegistryGrain")]
public interface IIndexRegistryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("Add")]
    Task Add(string name);

    [Alias("Remove")]
    Task Remove(string name);

    [ReadOnly]
    [Alias("List")]
    Task<IReadOnlyList<string>> List();
}
