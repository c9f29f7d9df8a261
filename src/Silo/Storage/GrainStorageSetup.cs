using OrleansSearch.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Persistence;
using Orleans.Runtime;
using Orleans.Storage;
using StackExchange.Redis;

namespace OrleansSearch.Silo.Storage;

/// <summary>Registers the grain storage providers the search grains name (<see cref="StorageNames"/>).</summary>
public static class GrainStorageSetup
{
    /// <summary>ADO.NET invariant of Npgsql, which Orleans loads by this name.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Adds <see cref="StorageNames.Catalog"/> (SQLite, ours; or ADO.NET on PostgreSQL, whose schema is
    /// then ensured at silo start) and <see cref="StorageNames.Volatile"/> (memory, or Redis), all
    /// writing state through one <see cref="JsonGrainStorageSerializer"/>.
    /// </summary>
    public static ISiloBuilder AddSearchGrainStorage(this ISiloBuilder builder, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // One instance: it is stateless, and every provider must write the same format.
        var serializer = new JsonGrainStorageSerializer();
        string connectionString = options.ConnectionString;

        if (options.Provider == StorageOptions.Postgres)
        {
            builder.ConfigureServices(services => services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider =>
                new PostgresSchemaInitializer(connectionString, provider.GetRequiredService<ILogger<PostgresSchemaInitializer>>())));
            builder.AddAdoNetGrainStorage(StorageNames.Catalog, (AdoNetGrainStorageOptions storage) =>
            {
                storage.Invariant = NpgsqlInvariant;
                storage.ConnectionString = connectionString;
                storage.GrainStorageSerializer = serializer;
            });
            builder.ConfigureServices(services => WrapInOutageTranslation(services, StorageNames.Catalog));
        }
        else
        {
            builder.AddSqliteGrainStorage(StorageNames.Catalog, connectionString, storage => storage.GrainStorageSerializer = serializer);
        }

        if (options.CacheProvider == StorageOptions.Redis)
        {
            string redis = options.RedisConnectionString!;
            builder.AddRedisGrainStorage(StorageNames.Volatile, (RedisStorageOptions storage) =>
            {
                storage.ConfigurationOptions = ConfigurationOptions.Parse(redis);
                storage.GrainStorageSerializer = serializer;
                // Volatile state has no history worth a tombstone: a clear deletes the key.
                storage.DeleteStateOnClear = true;
            });
        }
        else
        {
            builder.AddMemoryGrainStorage(StorageNames.Volatile, (MemoryGrainStorageOptions storage) => storage.GrainStorageSerializer = serializer);
        }
        return builder;
    }

    /// <summary>Wraps the grain storage registered as <paramref name="name"/> in <see cref="StoreOutageGrainStorage"/> (the last registration wins).</summary>
    private static void WrapInOutageTranslation(IServiceCollection services, string name)
    {
        var registered = services.Last(service => service.ServiceType == typeof(IGrainStorage) && service.IsKeyedService && Equals(service.ServiceKey, name));
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered by a factory; it cannot be wrapped.");
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new StoreOutageGrainStorage((IGrainStorage)create(provider, key)));
    }
}
