using OrleansSearch.Grains.Documents;
using System.Text.Json;
using OrleansSearch.Grains.Tests.Support;
using OrleansSearch.Evaluation;
using Xunit.Abstractions;

namespace OrleansSearch.Grains.Tests.Documents;

/// <summary>
/// Through real shard grains on a three-silo cluster: the same SciFact documents in one shard and in
/// eight give the same hits with bit-identical scores, when phase 1 sums the eight shards' statistics
/// and the pages are merged by score descending, then id ascending.
/// </summary>
public sealed class ShardEqualityTests(ITestOutputHelper output) : IDisposable
{
    private const int Documents = 1_000;
    private const int Queries = 20;
    private const int Limit = 20;

    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    private static IndexSpec SciFact(string name, int shards) => new(name, shards, [new FieldSpec("title", FieldKind.Text), new FieldSpec("text", FieldKind.Text)]);

    private static async Task LoadAsync(IGrainFactory grains, IndexSpec spec, IReadOnlyList<BeirDocument> corpus)
    {
        await grains.GetGrain<IIndexCatalogGrain>(spec.Name).Create(spec);
        var byShard = corpus.GroupBy(document => ShardKeys.ShardOf(document.Id, spec.ShardCount));
        await Task.WhenAll(byShard.Select(async group =>
        {
            var documents = group.Select(d => new SourceDocument(d.Id, new Dictionary<string, JsonElement>
            {
                ["title"] = JsonSerializer.SerializeToElement(d.Title),
                ["text"] = JsonSerializer.SerializeToElement(d.Text),
            })).ToList();
            var outcomes = await grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, group.Key)).Upsert(documents);
            Assert.All(outcomes, outcome => Assert.True(outcome.Ok, outcome.Message));
        }));
    }

    private static async Task<(List<ShardHit> Hits, long Total)> SearchAsync(IGrainFactory grains, IndexSpec spec, ShardQuery query)
    {
        var shards = Enumerable.Range(0, spec.ShardCount).Select(s => grains.GetGrain<IShardGrain>(ShardKeys.For(spec.Name, s))).ToList();
        var statistics = GlobalStatistics.Sum(await Task.WhenAll(shards.Select(shard => shard.Statistics(query))));
        var pages = await Task.WhenAll(shards.Select(shard => shard.Search(query, statistics)));
        var hits = pages.SelectMany(page => page.Hits)
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Id, StringComparer.Ordinal)
            .Take(query.Limit)
            .ToList();
        return (hits, pages.Sum(page => page.TotalHits));
    }

    /// <summary>Query text as plain terms: SciFact claims contain '-', ':' and quotes the query language would read as operators.</summary>
    private static string PlainTerms(string text) => new([.. text.Select(c => char.IsLetterOrDigit(c) ? c : ' ')]);

    [Fact]
    public async Task Eight_shards_on_three_silos_rank_exactly_like_one_shard()
    {
        var dataset = BeirDataset.Load(SharedData.SciFact);
        var corpus = dataset.Corpus.Take(Documents).ToList();
        await using var cluster = await SearchCluster.StartAsync(_file, silos: 3);
        var grains = cluster.Client;
        var one = SciFact("scifact-one", 1);
        var eight = SciFact("scifact-eight", 8);
        await LoadAsync(grains, one, corpus);
        await LoadAsync(grains, eight, corpus);

        var hosts = await Task.WhenAll(Enumerable.Range(0, 8).Select(s => grains.GetGrain<IShardGrain>(ShardKeys.For(eight.Name, s)).Describe()));
        Assert.Equal(Documents, hosts.Sum(info => info.Documents));
        Assert.True(hosts.Select(info => info.Silo).Distinct().Count() > 1, "the eight shards should spread over more than one silo");

        int compared = 0;
        foreach (var query in dataset.Queries.Take(Queries))
        {
            var request = new ShardQuery(PlainTerms(query.Text), Limit: Limit);
            var expected = await SearchAsync(grains, one, request);
            var actual = await SearchAsync(grains, eight, request);

            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Hits.Select(h => h.Id), actual.Hits.Select(h => h.Id));
            // Bit-identical, not merely close: every shard scores with the same global statistics.
            Assert.Equal(expected.Hits.Select(h => BitConverter.DoubleToInt64Bits(h.Score)), actual.Hits.Select(h => BitConverter.DoubleToInt64Bits(h.Score)));
            compared += expected.Hits.Count;
        }
        Assert.True(compared > Queries * Limit / 2, $"only {compared} hits compared: the queries should match the subset");
        output.WriteLine($"{Queries} SciFact queries over {Documents} documents on {hosts.Select(i => i.Silo).Distinct().Count()} silos: {compared} hits identical");
    }
}
