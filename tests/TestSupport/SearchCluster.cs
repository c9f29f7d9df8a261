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
    private const string SiloServicesKey = "Tests:SiloServices";
    private static readonly ConcurrentDictionary<string, TimeProvider> Clocks = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Action<IServiceCollection>> SiloServices = new(StringComparer.Ordinal);
    private readonly string? _clockId;
    private readonly string? _siloServicesId;

    private SearchCluster(TestCluster cluster, SqlDocumentStore documents, string? clockId, string? siloServicesId)
    {
        Cluster = cluster;
        Documents = documents;
        _clockId = clockId;
        _siloServicesId = siloServicesId;
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
    /// <param name="configureSiloServices">
    /// Runs on each silo's services after the search grains are added, e.g. to wrap the document store or a grain
    /// storage (<see cref="ServiceDecoration"/>) so it fails the way a database does.
    /// </param>
    public static async Task<SearchCluster> StartAsync(SqliteTestFile file, int silos = 1, ShardOptions? shards = null, TimeProvider? clock = null, bool externalClients = false,
        Action<IServiceCollection>? configureSiloServices = null)
    {
        var documents = new SqlDocumentStore(SqlDialect.Sqlite(file.ConnectionString));
        await documents.InitializeAsync(CancellationToken.None);
        string? clockId = null;
        if (clock is not null)
        {
            clockId = Guid.NewGuid().ToString("N");
            Clocks[clockId] = clock;
        }
        string? siloServicesId = null;
        if (configureSiloServices is not null)
        {
            siloServicesId = Guid.NewGuid().ToString("N");
            SiloServices[siloServicesId] = configureSiloServices;
        }
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = file.ConnectionString,
            ["Shards:SnapshotInterval"] = (shards ?? new ShardOptions()).SnapshotInterval.ToString(),
            ["Shards:MaxBatchSize"] = (shards ?? new ShardOptions()).MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ClockKey] = clockId,
            [SiloServicesKey] = siloServicesId,
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
        return new SearchCluster(cluster, documents, clockId, siloServicesId);
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
        if (_siloServicesId is not null)
        {
            SiloServices.TryRemove(_siloServicesId, out _);
        }
    }

    /// <summary>Configures each test silo; TestingHost creates it by type, so the test's clock and service changes are found by id.</summary>
    private sealed class SearchSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddSearchGrains(siloBuilder.Configuration);
            if (siloBuilder.Configuration[ClockKey] is { Length: > 0 } id)
            {
                siloBuilder.Services.AddKeyedSingleton(SearchClock.Key, Clocks[id]);
            }
            if (siloBuilder.Configuration[SiloServicesKey] is { Length: > 0 } servicesId)
            {
                SiloServices[servicesId](siloBuilder.Services);
            }
        }
    }
}
