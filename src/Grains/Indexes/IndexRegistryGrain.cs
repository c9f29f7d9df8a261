namespace OrleansSearch.Grains.Indexes;

/// <summary>Persisted list of index names.</summary>
public sealed class IndexRegistryState
{
    public List<string> Names { get; set; } = [];
}

/// <summary>The list of index names, so list_indexes needs no scan. Names are kept in ordinal order.</summary>
public sealed class IndexRegistryGrain([PersistentState("registry", StorageNames.Catalog)] IPersistentState<IndexRegistryState> registry) : Grain, IIndexRegistryGrain
{
    public async Task Add(string name)
    {
        int at = registry.State.Names.BinarySearch(name, StringComparer.Ordinal);
        if (at < 0)
        {
            registry.State.Names.Insert(~at, name);
            await registry.WriteStateAsync();
        }
    }

    public async Task Remove(string name)
    {
        int at = registry.State.Names.BinarySearch(name, StringComparer.Ordinal);
        if (at >= 0)
        {
            registry.State.Names.RemoveAt(at);
            await registry.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. registry.State.Names]);
}
