using OrleansSearch.Runtime;

namespace OrleansSearch.Grains.Indexes;

public sealed class IndexRegistryState
{
    public SortedSet<string> Names { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The list of index names, so list_indexes needs no scan.</summary>
public sealed class IndexRegistryGrain([PersistentState("registry")] IPersistentState<IndexRegistryState> registry) : Grain, IIndexRegistryGrain
{
    public async Task Add(string name)
    {
        if (registry.State.Names.Add(name))
        {
            await registry.WriteStateAsync();
        }
    }

    public async Task Remove(string name)
    {
        if (registry.State.Names.Remove(name))
        {
            await registry.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. registry.State.Names]);
}
