namespace OrleansSearch.Silo.Hosting;

// Interim until the storage layer lands: memory providers, no PostgreSQL schema.
internal static class InterimStorage
{
    public static ISiloBuilder AddSearchGrainStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        _ = storage;
        return silo.AddMemoryGrainStorage(Grains.StorageNames.Catalog).AddMemoryGrainStorage(Grains.StorageNames.Volatile);
    }
}

internal static class OrleansDatabase
{
    public static Task EnsureSchemaAsync(string connectionString, CancellationToken cancellationToken)
    {
        _ = connectionString;
        _ = cancellationToken;
        return Task.CompletedTask;
    }
}
