using OrleansSearch.Evaluation;
using OrleansSearch.Search.Tests.Collection;
using OrleansSearch.Search.Analysis;

namespace OrleansSearch.Search.Tests.Relevance;

/// <summary>
/// With global statistics, 4, 16 and 64 shards return exactly what one shard holding every
/// SciFact document returns: the same ids in the same order with bit-identical scores.
/// </summary>
[Collection(SciFactCollection.Name)]
public sealed class ShardEqualityTests(SciFactFixture fixture)
{
    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(64)]
    public void Sharded_search_with_global_statistics_equals_one_shard(int shardCount)
    {
        var dataset = fixture.Dataset;
        var single = fixture.SingleShard;
        var sharded = SciFactEvaluation.BuildShards(dataset, Analyzers.English, shardCount);
        Assert.Equal(dataset.Corpus.Count, sharded.Sum(s => s.DocumentCount));
        foreach (var query in dataset.Queries)
        {
            var expected = SciFactEvaluation.Search(single, query.Text, depth: 100);
            var actual = SciFactEvaluation.Search(sharded, query.Text, depth: 100);
            Assert.Equal(expected.TotalHits >= 100, actual.Hits.Count == 100);
            PruningPropertyTests.AssertSameHits(expected, actual, $"{shardCount} shards, query {query.Id}");
        }
    }
}
