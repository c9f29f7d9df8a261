using System.Diagnostics;
using System.Net.Http.Json;
using OrleansSearch.Tests.Support.Processes;

namespace OrleansSearch.Load.Bench;

/// <summary>
/// What every scenario runs against: a fresh PostgreSQL, 3 silo processes and 2 cluster-mode gateways on loopback
/// (tests/TestSupport <see cref="SiloProcessCluster"/>), the response cache off on the gateways (every search
/// reaches the shards, as a load of distinct queries would), and an index of the sample corpus's first documents.
/// Dispose kills every process and the database.
/// </summary>
internal sealed class LoadCluster : IAsyncDisposable
{
    public const string Index = "packages";
    private const int LoadBatch = 500;
    private const int QueryCount = 50;

    private LoadCluster(SiloProcessCluster cluster, HttpClient admin, IReadOnlyList<HttpClient> loadClients, IReadOnlyList<string> queries)
    {
        Cluster = cluster;
        Admin = admin;
        LoadClients = loadClients;
        Queries = queries;
    }

    public SiloProcessCluster Cluster { get; }

    /// <summary>Set-up and verification calls, on the first gateway, with a long timeout.</summary>
    public HttpClient Admin { get; }

    /// <summary>One load client per gateway position; a replaced gateway keeps its address, so its client stays valid.</summary>
    public IReadOnlyList<HttpClient> LoadClients { get; }

    public IReadOnlyList<string> Queries { get; }

    public static async Task<LoadCluster> StartAsync(BenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var cluster = await SiloProcessCluster.StartAsync(new SiloProcessClusterOptions
        {
            Silos = 3,
            Gateways = 2,
            GatewaySettings = new Dictionary<string, string?> { ["Limits:CacheResponses"] = "false" },
            LogRoot = Path.Combine(AppContext.BaseDirectory, "load-logs"),
        }, cancellationToken);
        var admin = cluster.CreateGatewayClient(TimeSpan.FromSeconds(120));
        try
        {
            log.WriteLine($"  3 silos and 2 gateways ready in {clock.Elapsed.TotalSeconds:0.0} s; logs in {cluster.LogDirectory}");
            clock.Restart();
            using (var created = await admin.PostAsJsonAsync("/v1/indexes", SampleCorpus.IndexSchema(Index, options.Shards), cancellationToken))
            {
                await GatewayApi.EnsureAsync(created, "create index");
            }
            var documents = await SampleCorpus.ReadAsync(options.Documents);
            foreach (var batch in documents.Chunk(LoadBatch))
            {
                using var written = await admin.PostAsJsonAsync($"/v1/indexes/{Index}/documents", new { documents = batch.Select(SampleCorpus.ToDocument) }, cancellationToken);
                var body = await GatewayApi.EnsureAsync(written, "load documents");
                if (body.GetProperty("failed").GetInt32() != 0)
                {
                    throw new InvalidOperationException($"Loading the corpus: {body}");
                }
            }
            log.WriteLine($"  index {Index} ({options.Shards} shards) loaded with {documents.Count} documents in {clock.Elapsed.TotalSeconds:0.0} s");
            var loadClients = cluster.Gateways.Select(gateway => SiloProcessCluster.CreateLoadClient(gateway.HttpAddress, options.RequestTimeout)).ToList();
            return new LoadCluster(cluster, admin, loadClients, SampleCorpus.Queries(documents, QueryCount));
        }
        catch
        {
            admin.Dispose();
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Which silo hosts most shards of the index now: the one whose loss matters most.</summary>
    public async Task<AppProcess> BusiestSiloAsync()
    {
        var placement = await GatewayApi.ShardPlacementAsync(Admin, Index);
        string busiest = placement.GroupBy(p => p.Silo).OrderByDescending(g => g.Count()).First().Key;
        return Cluster.Silo(busiest);
    }

    public async Task<string> DescribePlacementAsync()
    {
        var placement = await GatewayApi.ShardPlacementAsync(Admin, Index);
        return string.Join(", ", placement.GroupBy(p => p.Silo).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in LoadClients)
        {
            client.Dispose();
        }
        Admin.Dispose();
        await Cluster.DisposeAsync();
    }
}
