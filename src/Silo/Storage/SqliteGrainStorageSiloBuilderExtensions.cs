using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;

namespace OrleansSearch.Silo.Storage;

/// <summary>Registers <see cref="SqliteGrainStorage"/> the way Orleans registers its own providers.</summary>
public static class SqliteGrainStorageSiloBuilderExtensions
{
    /// <summary>
    /// Adds a SQLite grain storage named <paramref name="name"/> (the name grains give in
    /// <c>[PersistentState(stateName, name)]</c>): a keyed <see cref="Orleans.Storage.IGrainStorage"/>
    /// singleton that also joins the silo lifecycle, with named options. State is JSON
    /// (<see cref="JsonGrainStorageSerializer"/>) unless <paramref name="configure"/> says otherwise.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, string connectionString, Action<SqliteGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.ConfigureServices(services =>
        {
            services.AddOptions<SqliteGrainStorageOptions>(name).Configure(options =>
            {
                options.ConnectionString = connectionString;
                configure?.Invoke(options);
            });
            services.AddGrainStorage(name, (provider, key) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(
                provider, key, provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(key)));
        });
    }
}
