using OrleansSearch.Runtime;

namespace OrleansSearch.Grains;

/// <summary>One index's definition and generation, keyed by index name. Persisted.</summary>
[GrainType("index-catalog")]
public interface IIndexCatalogGrain : IGrainWithStringKey
{
    /// <summary>Creates the index; creating it again with the same spec is a no-op, with another spec an error.</summary>
    Task<IndexDescription> Create(IndexSpec spec);

    /// <summary>The index, or null when it does not exist.</summary>
    [ReadOnly]
    Task<IndexDescription?> Describe();

    /// <summary>Records that the index changed (after acknowledged writes) and returns the new generation.</summary>
    Task<long> Advance();

    /// <summary>Deletes the index: its documents, snapshots and definition.</summary>
    Task Drop();
}

/// <summary>The names of all indexes, keyed by <see cref="Key"/>. Persisted.</summary>
[GrainType("index-registry")]
public interface IIndexRegistryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    Task Add(string name);

    Task Remove(string name);

    [ReadOnly]
    Task<IReadOnlyList<string>> List();
}
