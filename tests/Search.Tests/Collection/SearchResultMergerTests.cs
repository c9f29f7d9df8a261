using OrleansSearch.Search.Collection;
using OrleansSearch.Evaluation;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Scoring;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Collection;

/// <summary>Per-shard results merged by the gateway equal the results of one shard holding everything.</summary>
public sealed class SearchResultMergerTests
{
    private const int Seed = 31337;
    private static readonly List<OrleansSearch.Search.Schema.SearchDocument> Corpus = RandomCorpus.Documents(Seed, 1200);
    private static readonly ShardIndex Single = RandomCorpus.Index(Corpus);
    private static readonly ShardIndex[] Shards = Enumerable.Range(0, 5)
        .Select(s => RandomCorpus.Index(Corpus.Where(d => SciFactEvaluation.ShardOf(d.Id, 5) == s)))
        .ToArray();

    private static SearchResult SearchShards(SearchRequest request)
    {
        var statistics = Bm25Statistics.Sum(Shards.Select(s => s.CollectStatistics(request)));
        var perShard = request with { Offset = 0, Limit = request.Offset + request.Limit };
        var facets = request.Facets.Select(f => f with { Size = 10_000 }).ToList();
        return SearchResultMerger.Merge(Shards.Select(s => s.Search(perShard with { Facets = facets }, statistics)).ToList(), request);
    }

    [Theory]
    [InlineData(0, 10, null)]
    [InlineData(25, 15, null)]
    [InlineData(5, 30, "rank")]
    [InlineData(0, 50, "tag")]
    public void Merged_pages_equal_single_shard_pages(int offset, int limit, string? sortField)
    {
        var random = new Random(Seed);
        for (var q = 0; q < 40; q++)
        {
            var request = new SearchRequest
            {
                Query = PruningPropertyTests.RandomQuery(random),
                Offset = offset,
                Limit = limit,
                Sort = sortField is null ? SortSpec.Score : SortSpec.By(sortField, SortOrder.Descending),
                Facets = [new FacetRequest("tag", 3)],
            };
            var expected = Single.Search(request);
            var actual = SearchShards(request);
            PruningPropertyTests.AssertSameHits(expected, actual, $"seed {Seed}, query '{request.Query}'");
            Assert.Equal(expected.Hits.Select(h => h.SortValue), actual.Hits.Select(h => h.SortValue));
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            Assert.Equal(expected.Facets.Single().Values.Take(3), actual.Facets.Single().Values.Take(3));
            Assert.Equal(expected.NextCursor, actual.NextCursor);
        }
    }

    [Fact]
    public void Search_after_over_shards_walks_the_single_shard_order()
    {
        const string query = "w1 w3 w8";
        var all = Single.Search(new SearchRequest { Query = query, Limit = 10_000 }).Hits.Select(h => h.Id).ToList();
        var walked = new List<string>();
        string? cursor = null;
        do
        {
            var page = SearchShards(new SearchRequest { Query = query, Limit = 50, SearchAfter = cursor });
            walked.AddRange(page.Hits.Select(h => h.Id));
            cursor = page.Hits.Count == 50 ? page.NextCursor : null;
        }
        while (cursor is not null);

        Assert.Equal(all, walked);
    }

    [Fact]
    public void Totals_add_up_and_one_lower_bound_makes_the_merged_total_a_lower_bound()
    {
        SearchResult Result(long total, TotalHitsRelation relation, params (string Id, double Score)[] hits) =>
            new(hits.Select(h => new SearchHit(h.Id, h.Score, default, null, null)).ToList(), total, relation, [], null);

        var merged = SearchResultMerger.Merge(
            [Result(5, TotalHitsRelation.Exact, ("b", 2), ("a", 1)), Result(1000, TotalHitsRelation.GreaterThanOrEqual, ("c", 2), ("d", 1))],
            SortSpec.Score,
            offset: 1,
            limit: 2);
        Assert.Equal(1005, merged.TotalHits);
        Assert.Equal(TotalHitsRelation.GreaterThanOrEqual, merged.TotalHitsRelation);
        Assert.Equal(["c", "a"], merged.Hits.Select(h => h.Id));
    }
}
