using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using Orleans.TestingHost.Utils;
using OrleansSearch.Grains;
using OrleansSearch.Grains.Documents;
using OrleansSearch.Grains.Storage;
using OrleansSearch.Grains.Storage.Sql;
using OrleansSearch.Silo.Hosting;

namespace OrleansSearch.Tests.Support;

/// <summary>
/// An in-process Orleans test cluster (Microsoft.Orleans.TestingHost) whose silos host the search grains exactly
/// as the silo executable does (<see cref="SearchGrains.AddSearchGrains"/>), over one SQLite file for grain state
/// and documents. The service id is fixed, so a second cluster on the same file is the same deployment restarted.
/// </summary>
public sealed class SearchCluster : IAsyncDisposable
{
    /// <summary>Fixed, so a cluster started again on the same file finds the state the first one stored.</summary>
    public const string ServiceId = "search-tests";

    private const string ClockKey = "Tests:Clock";
    private const string StoreDecoratorKey = "Tests:StoreDecorator";
    private static readonly ConcurrentDictionary<string, TimeProvider> Clocks = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Func<IDocumentStore, IDocumentStore>> StoreDecorators = new(StringComparer.Ordinal);
    private readonly string? _clockId;
    private readonly string? _storeDecoratorId;

    private SearchCluster(TestCluster cluster, SqlDocumentStore documents, string? clockId, string? storeDecoratorId)
    {
        Cluster = cluster;
        Documents = documents;
        _clockId = clockId;
        _storeDecoratorId = storeDecoratorId;
    }

    public TestCluster Cluster { get; }

    /// <summary>The document store the silos write to, for checking what is durable.</summary>
    public SqlDocumentStore Documents { get; }

    public IClusterClient Client => Cluster.Client;

    public string ClusterId => Cluster.Options.ClusterId;

    /// <summary>The silos' gateway endpoints, for a cluster-mode gateway (<c>Cluster:Gateways</c>).</summary>
    public IEnumerable<string> GatewayEndpoints => Cluster.Silos.Select(silo => silo.GatewayAddress.Endpoint.ToString());

    /// <param name="externalClients">
    /// Real TCP sockets, so a gateway outside the test cluster (<c>Cluster:Gateways</c>) can connect. Otherwise
    /// TestingHost's in-memory transport, on which a killed silo's connections fail at once.
    /// </param>
    /// <param name="decorateStore">Wraps the silos' document store, e.g. to make it fail the way a database does.</param>
    public static async Task<SearchCluster> StartAsync(SqliteTestFile file, int silos = 1, ShardOptions? shards = null, TimeProvider? clock = null, bool externalClients = false,
        Func<IDocumentStore, IDocumentStore>? decorateStore = null)
    {
        var documents = new SqlDocumentStore(SqlDialect.Sqlite(file.ConnectionString));
        await documents.InitializeAsync(CancellationToken.None);
        string? clockId = null;
        if (clock is not null)
        {
            clockId = Guid.NewGuid().ToString("N");
            Clocks[clockId] = clock;
        }
        string? storeDecoratorId = null;
        if (decorateStore is not null)
        {
            storeDecoratorId = Guid.NewGuid().ToString("N");
            StoreDecorators[storeDecoratorId] = decorateStore;
        }
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = file.ConnectionString,
            ["Shards:SnapshotInterval"] = (shards ?? new ShardOptions()).SnapshotInterval.ToString(),
            ["Shards:MaxBatchSize"] = (shards ?? new ShardOptions()).MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ClockKey] = clockId,
            [StoreDecoratorKey] = storeDecoratorId,
        };
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ServiceId = ServiceId;
        if (externalClients)
        {
            builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        }
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<SearchSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new SearchCluster(cluster, documents, clockId, storeDecoratorId);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Documents.DisposeAsync();
        if (_clockId is not null)
        {
            Clocks.TryRemove(_clockId, out _);
        }
        if (_storeDecoratorId is not null)
        {
            StoreDecorators.TryRemove(_storeDecoratorId, out _);
        }
    }

    /// <summary>Configures each test silo; TestingHost creates it by type, so the test's clock and store decorator are found by id.</summary>
    private sealed class SearchSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddSearchGrains(siloBuilder.Configuration);
            if (siloBuilder.Configuration[ClockKey] is { Length: > 0 } id)
            {
                siloBuilder.Services.AddKeyedSingleton(SearchClock.Key, Clocks[id]);
            }
            if (siloBuilder.Configuration[StoreDecoratorKey] is { Length: > 0 } decoratorId)
            {
                // The last registration wins: the silo's own store, wrapped.
                var decorate = StoreDecorators[decoratorId];
                var own = siloBuilder.Services.Last(service => service.ServiceType == typeof(IDocumentStore));
                siloBuilder.Services.AddSingleton(provider => decorate((IDocumentStore)own.ImplementationFactory!(provider)));
            }
        }
    }
}
