using System.Text.Json;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Scoring;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Scoring;

public sealed class Bm25StatisticsTests
{
    [Fact]
    public void Statistics_sum_over_shards_and_survive_a_json_round_trip()
    {
        var documents = RandomCorpus.Documents(17, 300);
        var whole = RandomCorpus.Index(documents);
        var halves = new[] { RandomCorpus.Index(documents.Take(120)), RandomCorpus.Index(documents.Skip(120)) };
        var request = new SearchRequest { Query = "w1 \"w2 w3\" title:w4 -w5 tag:t1" };
        var summed = Bm25Statistics.Sum(halves.Select(h => JsonSerializer.Deserialize<Bm25Statistics>(JsonSerializer.Serialize(h.CollectStatistics(request)))!));
        var expected = whole.CollectStatistics(request);
        Assert.Equal(expected.Fields, summed.Fields);
        Assert.Equal(expected.DocumentFrequencies.Keys.Order(), summed.DocumentFrequencies.Keys.Order());
        foreach (var (field, terms) in expected.DocumentFrequencies)
        {
            Assert.Equal(terms.OrderBy(t => t.Key), summed.DocumentFrequencies[field].OrderBy(t => t.Key));
        }
    }

    [Fact]
    public void Missing_statistics_are_named()
    {
        var statistics = new Bm25Statistics();
        Assert.Contains("nothing for field 'body'", Assert.Throws<KeyNotFoundException>(() => statistics.GetFieldStatistics("body")).Message);
        Assert.Contains("no document frequency for body:x", Assert.Throws<KeyNotFoundException>(() => statistics.GetDocumentFrequency("body", "x")).Message);
    }
}
