using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Hosting;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// Three silos and two gateways in this process on one SQLite file in a temporary folder. The first gateway hosts the
/// silos (embedded mode) and indexes the sample corpus once, keyword-only (the embedding model is kept out, so indexing
/// takes seconds, not minutes); it keeps the response cache on. The second is a cluster client of the same silos with
/// the response cache off. Both serve at the same time, so the scenarios can take turns.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private static readonly TimeSpan IndexingTimeout = TimeSpan.FromMinutes(4);
    private readonly DirectoryInfo _data;
    private readonly DirectoryInfo _emptyModelCache;
    private readonly List<InProcessGateway> _gateways = [];

    private BenchCluster(DirectoryInfo data, DirectoryInfo emptyModelCache)
    {
        _data = data;
        _emptyModelCache = emptyModelCache;
    }

    public InProcessGateway CacheOn => _gateways[0];

    public InProcessGateway CacheOff => _gateways[1];

    public static async Task<BenchCluster> StartAsync(int documents, TextWriter progress)
    {
        var cluster = new BenchCluster(Directory.CreateTempSubdirectory("os-gateway-bench-"), Directory.CreateTempSubdirectory("os-gateway-bench-no-model-"));
        try
        {
            cluster._gateways.Add(await InProcessGateway.StartAsync(cluster.Settings(cacheResponses: true, new()
            {
                ["Gateway:Mode"] = "Embedded",
                ["Gateway:DataDirectory"] = Path.Combine(cluster._data.FullName, "cache-on"),
                ["Gateway:EmbeddedSiloPort"] = "11411",
                ["Gateway:LoadSampleCorpus"] = "true",
            })));
            cluster._gateways.Add(await InProcessGateway.StartAsync(cluster.Settings(cacheResponses: false, new()
            {
                ["Gateway:Mode"] = "Embedded",
                ["Gateway:DataDirectory"] = Path.Combine(cluster._data.FullName, "cache-off"),
                ["Gateway:EmbeddedSiloPort"] = "11412",
                ["Gateway:LoadSampleCorpus"] = "true",
            })));
            await cluster.WaitForCorpusAsync(cluster._gateways[0], documents, progress);
            await cluster.WaitForCorpusAsync(cluster._gateways[1], documents, progress);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The index's definition as the shards use it.</summary>
    public async Task<IndexSpec> IndexSpecAsync()
    {
        var grains = CacheOn.Services.GetRequiredService<IGrainFactory>();
        var description = await grains.GetGrain<IIndexCatalogGrain>(SampleCorpusLoader.IndexName).Describe();
        return description?.Spec ?? throw new InvalidOperationException($"Index {SampleCorpusLoader.IndexName} does not exist.");
    }

    private Dictionary<string, string?> Settings(bool cacheResponses, Dictionary<string, string?> mode)
    {
        mode["Limits:CacheResponses"] = cacheResponses ? "true" : "false";
        mode["Embeddings:CacheDirectory"] = _emptyModelCache.FullName;
        mode["Embeddings:AllowDownload"] = "false";
        // Loopback without keys is the anonymous caller; its default plan (100/s) would throttle the benchmark.
        mode["Auth:AnonymousPlan:Capacity"] = "1000000";
        mode["Auth:AnonymousPlan:PerSecond"] = "1000000";
        return mode;
    }

    private async Task WaitForCorpusAsync(InProcessGateway gateway, int expected, TextWriter progress)
    {
        using var http = GatewayRequests.CreateClient(gateway.Address);
        var stopwatch = Stopwatch.StartNew();
        long indexed = 0;
        while (indexed < expected)
        {
            if (stopwatch.Elapsed > IndexingTimeout)
            {
                throw new TimeoutException($"The sample corpus was not indexed within {IndexingTimeout}: {indexed} of {expected} documents.");
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
            using var response = await http.GetAsync(new Uri($"/v1/indexes/{SampleCorpusLoader.IndexName}", UriKind.Relative));
            indexed = response.IsSuccessStatusCode ? (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["documents"]! : 0;
        }
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Indexed {indexed:N0} documents through the gateway in {stopwatch.Elapsed.TotalSeconds:0.0} s."));
    }

    public async ValueTask DisposeAsync()
    {
        // The cluster client first, then the gateway that hosts the silos.
        for (int i = _gateways.Count - 1; i >= 0; i--)
        {
            await _gateways[i].DisposeAsync();
        }
        _gateways.Clear();
        _data.Delete(recursive: true);
        _emptyModelCache.Delete(recursive: true);
    }
}
