using OrleansSearch.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansSearch.Grains;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Grains.Placement;
using OrleansSearch.Grains.Storage;
using OrleansSearch.Grains.Storage.Sql;

namespace OrleansSearch.Silo.Hosting;

/// <summary>
/// Makes a silo host the search grains (shards, catalog, cache entries, rate limiters) with what they take:
/// the document store, grain storage providers, shard settings and a clock. Used by the silo executable,
/// the embedded gateway's co-hosted silo and the test clusters alike, so all three run the same silo.
/// </summary>
public static class SearchGrains
{
    /// <summary>Reads sections <c>Storage</c> and <c>Shards</c> of <paramref name="configuration"/>.</summary>
    public static ISiloBuilder AddSearchGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        storage.Validate();
        var shards = configuration.GetSection("Shards").Get<ShardOptions>() ?? new ShardOptions();
        shards.Validate();

        if (!storage.IsPostgres)
        {
            CreateSqliteFolder(storage.ConnectionString);
        }
        silo.Services.AddSingleton(shards);
        silo.Services.AddPlacementDirector<ShardCopyPlacement, ShardCopyPlacementDirector>();
        silo.Services.TryAddSingleton<StoreInstruments>();
        silo.Services.TryAddKeyedSingleton(SearchClock.Key, TimeProvider.System);
        silo.Services.AddSingleton<IDocumentStore>(provider => new TracedDocumentStore(new SqlDocumentStore(
            storage.IsPostgres ? SqlDialect.Postgres(storage.ConnectionString) : SqlDialect.Sqlite(storage.ConnectionString),
            provider.GetRequiredService<ILogger<SqlDocumentStore>>())));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => ActivatorUtilities.CreateInstance<StoreInitializer>(provider, storage));
        silo.AddSearchGrainStorage(storage);
        return silo;
    }

    private static void CreateSqliteFolder(string connectionString)
    {
        string file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
    }
}
