using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansSearch.Grains;
using OrleansSearch.McpGateway.Api;
using OrleansSearch.McpGateway.Hosting;

namespace OrleansSearch.Gateway.Bench;

/// <summary>
/// Two gateways in this process, each in the embedded default mode: one co-hosted silo on SQLite in its own data
/// folder (under one temporary folder), loading the sample corpus through its normal write path, keyword-only (the
/// embedding model is kept out, so indexing takes seconds, not minutes). The first keeps the response cache on, the
/// second has it off. Two gateways rather than one restarted, because a gateway's cache setting is fixed at start and
/// both must serve at the same time, so the scenarios can take turns. Their silos do not form a cluster: each has its
/// own silo port and, with no gateway port, nothing outside its process joins it.
/// </summary>
internal sealed class BenchGateways : IAsyncDisposable
{
    private static readonly TimeSpan IndexingTimeout = TimeSpan.FromMinutes(4);
    private readonly DirectoryInfo _data;
    private readonly DirectoryInfo _emptyModelCache;
    private readonly List<InProcessGateway> _gateways = [];

    private BenchGateways(DirectoryInfo data, DirectoryInfo emptyModelCache)
    {
        _data = data;
        _emptyModelCache = emptyModelCache;
    }

    public InProcessGateway CacheOn => _gateways[0];

    public InProcessGateway CacheOff => _gateways[1];

    public static async Task<BenchGateways> StartAsync(int documents, TextWriter progress)
    {
        var gateways = new BenchGateways(Directory.CreateTempSubdirectory("os-gateway-bench-"), Directory.CreateTempSubdirectory("os-gateway-bench-no-model-"));
        try
        {
            gateways._gateways.Add(await InProcessGateway.StartAsync(gateways.Settings(cacheResponses: true, new()
            {
                ["Gateway:Mode"] = "Embedded",
                ["Gateway:DataDirectory"] = Path.Combine(gateways._data.FullName, "cache-on"),
                ["Gateway:EmbeddedSiloPort"] = "11411",
                ["Gateway:LoadSampleCorpus"] = "true",
            })));
            gateways._gateways.Add(await InProcessGateway.StartAsync(gateways.Settings(cacheResponses: false, new()
            {
                ["Gateway:Mode"] = "Embedded",
                ["Gateway:DataDirectory"] = Path.Combine(gateways._data.FullName, "cache-off"),
                ["Gateway:EmbeddedSiloPort"] = "11412",
                ["Gateway:LoadSampleCorpus"] = "true",
            })));
            await WaitForCorpusAsync(gateways._gateways[0], documents, progress);
            await WaitForCorpusAsync(gateways._gateways[1], documents, progress);
            return gateways;
        }
        catch
        {
            await gateways.DisposeAsync();
            throw;
        }
    }

    /// <summary>The sample corpus again, in an index of one shard, for the cost of the fan-out (the sample index has 4).</summary>
    public const string OneShardIndex = SampleCorpusLoader.IndexName + "-1-shard";

    /// <summary>
    /// Creates <see cref="OneShardIndex"/> on the cache-off gateway and writes the corpus into it through REST, in the
    /// loader's batch size. Same schema and documents as the sample index, one shard instead of four.
    /// </summary>
    public async Task CreateOneShardIndexAsync(int expected, TextWriter progress)
    {
        using var http = GatewayRequests.CreateClient(CacheOff.Address);
        var stopwatch = Stopwatch.StartNew();
        using (var created = await http.SendAsync(GatewayRequests.Post("/v1/indexes", GatewayRequests.Json(SampleCorpusLoader.Schema with { Name = OneShardIndex, Shards = 1 }), "application/json")))
        {
            await GatewayRequests.ReadSuccessAsync(created, HttpStatusCode.Created, HttpStatusCode.OK);
        }
        var batch = new List<DocumentInput>(500);
        await foreach (var document in SampleCorpusLoader.ReadCorpusAsync())
        {
            batch.Add(document);
            if (batch.Count == 500)
            {
                await WriteAsync(http, batch);
            }
        }
        await WriteAsync(http, batch);
        using var described = await http.GetAsync(new Uri($"/v1/indexes/{OneShardIndex}", UriKind.Relative));
        long indexed = (long)JsonNode.Parse(await described.Content.ReadAsStringAsync())!["documents"]!;
        if (indexed != expected)
        {
            throw new InvalidOperationException($"{OneShardIndex} holds {indexed} documents, the corpus {expected}.");
        }
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Indexed {indexed:N0} documents into {OneShardIndex} in {stopwatch.Elapsed.TotalSeconds:0.0} s."));
    }

    private static async Task WriteAsync(HttpClient http, List<DocumentInput> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        using var response = await http.SendAsync(GatewayRequests.Post($"/v1/indexes/{OneShardIndex}/documents", GatewayRequests.Json(new IndexDocumentsInput(batch)), "application/json"));
        await GatewayRequests.ReadSuccessAsync(response, HttpStatusCode.OK);
        batch.Clear();
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

    private static async Task WaitForCorpusAsync(InProcessGateway gateway, int expected, TextWriter progress)
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
        // In reverse order of starting.
        for (int i = _gateways.Count - 1; i >= 0; i--)
        {
            await _gateways[i].DisposeAsync();
        }
        _gateways.Clear();
        _data.Delete(recursive: true);
        _emptyModelCache.Delete(recursive: true);
    }
}
