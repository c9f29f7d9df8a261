using System.Net;
using System.Text.Json;

namespace OrleansSearch.McpGateway.Tests.Rest;

/// <summary>
/// Issue 11, defect 1: hybrid pages fused a candidate window that grew with offset + top_k, so page 2 fused other
/// candidates than page 1 and repeated or skipped documents (10 pages of 100 held 751 distinct ids here before the
/// fix). Every page now fuses the same best <c>Limits:HybridWindow</c> (1,000) of each side.
/// </summary>
public sealed class HybridPagingTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private const string Index = "hybrid-paging";
    private const int Documents = 1500;

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Ten_cursor_pages_of_100_are_the_first_1000_of_one_fused_ranking()
    {
        await CreateIndexAsync();
        var search = new { query = "common", vector = new[] { 1f, 0.3f, 0f } };

        var paged = await PagesAsync(new { search.query, search.vector, mode = "hybrid" }, pages: 10);
        var keyword = await PagesAsync(new { search.query, mode = "keyword" }, pages: 10);
        var semantic = await PagesAsync(new { search.vector, mode = "semantic" }, pages: 10);

        Assert.Equal(1000, paged.Distinct().Count());
        Assert.Equal(ReciprocalRankFusionOf(keyword, semantic).Take(1000), paged);
        // Offset pages walk the same list.
        var atOffset = await SearchAsync(new { search.query, search.vector, mode = "hybrid", top_k = 100, offset = 500 });
        Assert.Equal(paged.Skip(500).Take(100), Ids(atOffset));
    }

    [Fact]
    public async Task Hybrid_paging_ends_at_the_hybrid_window()
    {
        await CreateIndexAsync();

        var last = await SearchAsync(new { query = "common", vector = new[] { 1f, 0.3f, 0f }, mode = "hybrid", top_k = 100, offset = 900 });
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next_cursor").ValueKind);

        var beyond = await Client.PostJsonAsync($"/v1/indexes/{Index}/search", new { query = "common", vector = new[] { 1f, 0.3f, 0f }, mode = "hybrid", top_k = 100, offset = 950 });
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Contains("HybridWindow", (await beyond.ReadJsonAsync()).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>RRF written out independently: 1 / (60 + rank) summed over both rankings, ties by id.</summary>
    private static IEnumerable<string> ReciprocalRankFusionOf(List<string> keyword, List<string> semantic)
    {
        var fused = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var ranking in new[] { keyword, semantic })
        {
            for (int rank = 0; rank < ranking.Count; rank++)
            {
                fused[ranking[rank]] = fused.GetValueOrDefault(ranking[rank]) + 1.0 / (60 + rank + 1);
            }
        }
        return fused.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key);
    }

    private async Task<List<string>> PagesAsync(object search, int pages)
    {
        var ids = new List<string>();
        string? cursor = null;
        var fields = JsonSerializer.SerializeToElement(search);
        for (int page = 0; page < pages; page++)
        {
            var request = fields.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
            request["top_k"] = 100;
            request["cursor"] = cursor;
            var body = await SearchAsync(request);
            ids.AddRange(Ids(body));
            cursor = body.GetProperty("next_cursor").GetString();
        }
        return ids;
    }

    private async Task<JsonElement> SearchAsync(object request)
    {
        var response = await Client.PostJsonAsync($"/v1/indexes/{Index}/search", request);
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private static List<string> Ids(JsonElement body) => body.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList();

    /// <summary>
    /// 1,500 documents that all match "common" with scores spread by how often it appears against their length, and
    /// vectors spread around a circle, so the two rankings disagree.
    /// </summary>
    private async Task CreateIndexAsync()
    {
        var created = await Client.PostJsonAsync("/v1/indexes", new
        {
            name = Index,
            shards = 3,
            fields = new object[]
            {
                new { name = "body", type = "text" },
                new { name = "position", type = "vector", dimension = 3, metric = "cosine" },
            },
        });
        if (created.StatusCode == HttpStatusCode.Conflict)
        {
            return;
        }
        created.EnsureSuccessStatusCode();
        for (int first = 0; first < Documents; first += 500)
        {
            var documents = Enumerable.Range(first, 500).Select(i => new
            {
                id = $"d{i:D4}",
                fields = new
                {
                    body = string.Join(' ', Enumerable.Repeat("common", 1 + i % 7).Concat(Enumerable.Repeat($"filler{i % 13}", i % 11))),
                    position = new[] { MathF.Cos(i * 0.37f), MathF.Sin(i * 0.37f), (i % 5) * 0.1f },
                },
            }).ToArray();
            var written = await (await Client.PostJsonAsync($"/v1/indexes/{Index}/documents", new { documents })).ReadJsonAsync();
            Assert.True(written.GetProperty("failed").GetInt32() == 0, written.ToString());
        }
    }
}
