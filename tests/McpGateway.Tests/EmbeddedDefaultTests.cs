using System.Diagnostics;
using System.Text.Json;
using OrleansSearch.McpGateway.Tests.Rest;

namespace OrleansSearch.McpGateway.Tests;

/// <summary>
/// What the README's run command does on a fresh data folder: the embedded cluster indexes the bundled Debian
/// catalog, with the embedding model, so keyword, semantic and hybrid search answer; a second start finds the
/// index instead of indexing again, and a start after one stopped mid-load finishes the load.
/// </summary>
public sealed class EmbeddedDefaultTests : IDisposable
{
    private static readonly TimeSpan IndexingTimeout = TimeSpan.FromMinutes(6);
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("os-embedded-default-");

    public void Dispose() => _data.Delete(recursive: true);

    private GatewayFactory Start(bool withEmbeddingModel = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = _data.FullName,
            ["Gateway:LoadSampleCorpus"] = "true",
            ["Logging:LogLevel:OrleansSearch.McpGateway.Hosting.SampleCorpusLoader"] = "Information",
        };
        if (!withEmbeddingModel)
        {
            // A model cache with nothing in it and no download: the keyword-only index, quick to load.
            settings["Embeddings:CacheDirectory"] = _data.CreateSubdirectory("empty-model-cache").FullName;
            settings["Embeddings:AllowDownload"] = "false";
        }
        return new GatewayFactory(settings);
    }

    [Fact]
    public async Task The_sample_corpus_is_indexed_on_first_start_for_every_search_mode_and_found_again_on_the_next()
    {
        int expected = SampleCorpusTests.DocumentCount;
        using (var first = Start())
        {
            var client = await first.StartAsync();
            var stopwatch = Stopwatch.StartNew();
            // The count reaches the total a moment before the loader logs that it is done: wait for both.
            while (await DocumentsAsync(client) < expected || !first.Logs.Messages.Any(line => line.StartsWith("Sample corpus ready:", StringComparison.Ordinal)))
            {
                Assert.True(stopwatch.Elapsed < IndexingTimeout, $"the sample corpus was not indexed within {IndexingTimeout}");
                await Task.Delay(500);
            }
            Assert.Contains(first.Logs.Messages, line => line.StartsWith($"Sample corpus ready: {expected} documents", StringComparison.Ordinal));

            var keyword = await SearchAsync(client, new { query = "gimp", detail = "ids", top_k = 20 });
            Assert.Contains("gimp", Ids(keyword));
            var semantic = await SearchAsync(client, new { query = "edit my holiday photos", mode = "semantic", detail = "ids", top_k = 10 });
            Assert.Equal(expected, semantic.GetProperty("total").GetInt64());
            Assert.Contains(Ids(semantic), id => id is "fotoxx" or "aaphoto" or "shotwell" or "gimp" or "darktable" or "photocollage");
            var hybrid = await SearchAsync(client, new { query = "edit my holiday photos", mode = "hybrid", detail = "metadata", top_k = 10, filters = new { section = "graphics" } });
            Assert.All(hybrid.GetProperty("hits").EnumerateArray(), hit => Assert.Equal("graphics", hit.GetProperty("fields").GetProperty("section").GetString()));
        }

        using var second = Start();
        var again = await second.StartAsync();
        Assert.Equal(expected, await DocumentsAsync(again));
        Assert.Contains(second.Logs.Messages, line => line.StartsWith("Sample corpus: index debian-packages already present", StringComparison.Ordinal));
        Assert.Contains("fotoxx", Ids(await SearchAsync(again, new { query = "edit my holiday photos", mode = "semantic", detail = "ids", top_k = 50 })));
    }

    [Fact]
    public async Task A_first_start_stopped_mid_load_is_resumed_by_the_next_start()
    {
        int expected = SampleCorpusTests.DocumentCount;
        using (var interrupted = Start(withEmbeddingModel: false))
        {
            var client = await interrupted.StartAsync();
            var stopwatch = Stopwatch.StartNew();
            while (await DocumentsAsync(client) < 1_000)
            {
                Assert.True(stopwatch.Elapsed < IndexingTimeout, "the sample corpus load did not start");
                await Task.Delay(100);
            }
        }

        using (var resumed = Start(withEmbeddingModel: false))
        {
            var client = await resumed.StartAsync();
            long before = await DocumentsAsync(client);
            Assert.InRange(before, 1_000, expected - 1);
            var stopwatch = Stopwatch.StartNew();
            while (!resumed.Logs.Messages.Any(line => line.StartsWith("Sample corpus ready:", StringComparison.Ordinal)))
            {
                Assert.True(stopwatch.Elapsed < IndexingTimeout, "the resumed load did not finish");
                await Task.Delay(200);
            }
            Assert.Contains(resumed.Logs.Messages, line => line.StartsWith("Sample corpus: index debian-packages is incomplete; resuming after the first ", StringComparison.Ordinal));
            Assert.Contains(resumed.Logs.Messages, line => line.StartsWith($"Sample corpus ready: {expected} documents", StringComparison.Ordinal));
            Assert.Equal(expected, await DocumentsAsync(client));
        }

        using var complete = Start(withEmbeddingModel: false);
        Assert.Equal(expected, await DocumentsAsync(await complete.StartAsync()));
        Assert.Contains(complete.Logs.Messages, line => line.StartsWith("Sample corpus: index debian-packages already present", StringComparison.Ordinal));
    }

    private static async Task<long> DocumentsAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/v1/indexes/debian-packages", UriKind.Relative));
        return response.IsSuccessStatusCode ? (await response.ReadJsonAsync()).GetProperty("documents").GetInt64() : 0;
    }

    private static async Task<JsonElement> SearchAsync(HttpClient client, object request)
    {
        var response = await client.PostJsonAsync("/v1/indexes/debian-packages/search", request);
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private static List<string> Ids(JsonElement body) => body.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList();
}
