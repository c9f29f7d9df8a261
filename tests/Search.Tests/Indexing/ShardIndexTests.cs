using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Tests.Collection;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Indexing;

public sealed class ShardIndexTests
{
    private const int Seed = 5150;

    [Fact]
    public void Adding_an_existing_id_replaces_the_document()
    {
        var shard = RandomCorpus.Index([new SearchDocument("x").Text("title", "old words")]);
        shard.Add(new SearchDocument("x").Text("title", "new words"));
        Assert.Equal(1, shard.DocumentCount);
        Assert.Empty(shard.Search(new SearchRequest { Query = "old" }).Hits);
        Assert.Equal("x", shard.Search(new SearchRequest { Query = "new" }).Hits.Single().Id);
        Assert.Equal(1, shard.CollectStatistics(new SearchRequest { Query = "words" }).GetDocumentFrequency("title", "words"));
    }

    [Fact]
    public void A_shard_with_deletes_scores_exactly_like_one_built_without_them_before_and_after_compaction()
    {
        var documents = RandomCorpus.Documents(Seed, 1500);
        var shard = RandomCorpus.Index(documents);
        var random = new Random(Seed);
        var deleted = new HashSet<string>();
        foreach (var document in documents)
        {
            if (random.Next(3) == 0 && shard.Delete(document.Id))
            {
                deleted.Add(document.Id);
            }
        }

        Assert.False(shard.Delete(documents.First(d => deleted.Contains(d.Id)).Id));
        var fresh = RandomCorpus.Index(documents.Where(d => !deleted.Contains(d.Id)));
        var before = shard.MemoryUsage().Total;
        AssertSameResults(fresh, shard, random, "with tombstones");
        shard.Compact();
        Assert.Equal(0, shard.DeletedCount);
        Assert.True(shard.MemoryUsage().Total < before * 0.8, $"compaction reclaimed too little: {before} → {shard.MemoryUsage().Total}");
        AssertSameResults(fresh, shard, random, "after compaction");

        // Adding to packed postings copies them out first; the shard keeps answering like a fresh one.
        var more = RandomCorpus.Documents(Seed + 1, 300).ConvertAll(d => RebuildWithId(d, "more-" + d.Id));
        foreach (var document in more)
        {
            shard.Add(document);
            fresh.Add(document);
        }

        AssertSameResults(fresh, shard, random, "adds after compaction");
    }

    [Fact]
    public void Concurrent_searches_return_what_sequential_searches_return()
    {
        var shard = RandomCorpus.Index(RandomCorpus.Documents(Seed, 1000));
        shard.Delete("doc00003");
        var random = new Random(Seed);
        var requests = Enumerable.Range(0, 200).Select(_ => new SearchRequest { Query = PruningPropertyTests.RandomQuery(random), Limit = 10 }).ToArray();
        var expected = requests.Select(r => shard.Search(r)).ToArray();
        var actual = new SearchResult[requests.Length];
        Parallel.For(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = shard.Search(requests[i]));
        for (var i = 0; i < requests.Length; i++)
        {
            PruningPropertyTests.AssertSameHits(expected[i], actual[i], $"seed {Seed}, query '{requests[i].Query}'");
        }
    }

    private static SearchDocument RebuildWithId(SearchDocument source, string id)
    {
        var document = new SearchDocument(id);
        foreach (var (field, value) in source.Values)
        {
            switch (value.Kind)
            {
                case FieldType.Text:
                    document.Text(field, value.Text!);
                    break;
                case FieldType.Keyword:
                    document.Keyword(field, value.Keywords!);
                    break;
                case FieldType.Number:
                    document.Number(field, value.Number);
                    break;
                case FieldType.Date:
                    document.Date(field, DateTimeOffset.FromUnixTimeMilliseconds((long)value.Number));
                    break;
            }
        }

        return document;
    }

    [Fact]
    public void A_shard_emptied_by_deletes_compacts_and_takes_new_documents()
    {
        var documents = RandomCorpus.Documents(Seed, 50);
        var shard = RandomCorpus.Index(documents);
        foreach (var document in documents)
        {
            Assert.True(shard.Delete(document.Id));
        }

        shard.Compact();
        Assert.Equal(0, shard.DocumentCount);
        Assert.Empty(shard.Search(new SearchRequest { Query = "w1 w2 tag:t1", Facets = [new FacetRequest("tag")] }).Hits);
        shard.Add(documents[7]);
        Assert.Equal(documents[7].Id, shard.Search(new SearchRequest { Query = documents[7].Values["title"].Text! }).Hits.Single().Id);
    }

    [Fact]
    public void Memory_use_is_reported_per_part_and_grows_with_the_corpus()
    {
        var small = RandomCorpus.Index(RandomCorpus.Documents(Seed, 100)).MemoryUsage();
        var large = RandomCorpus.Index(RandomCorpus.Documents(Seed, 2000)).MemoryUsage();
        Assert.True(small.TextFields > 0 && small.KeywordFields > 0 && small.NumericFields > 0 && small.Documents > 0);
        Assert.True(large.Total > 5 * small.Total, $"{small.Total} bytes for 100 documents, {large.Total} for 2000");
        Assert.Equal(large.Documents + large.TextFields + large.KeywordFields + large.NumericFields, large.Total);
    }

    private static void AssertSameResults(ShardIndex expected, ShardIndex actual, Random random, string context)
    {
        Assert.Equal(expected.DocumentCount, actual.DocumentCount);
        for (var q = 0; q < 100; q++)
        {
            var request = new SearchRequest { Query = PruningPropertyTests.RandomQuery(random), Limit = 20, Facets = q % 5 == 0 ? [new FacetRequest("tag")] : [] };
            var e = expected.Search(request);
            var a = actual.Search(request);
            PruningPropertyTests.AssertSameHits(e, a, $"{context}, seed {Seed}, query '{request.Query}'");
            Assert.Equal(e.Facets, a.Facets, (x, y) => x.Values.SequenceEqual(y.Values));
        }
    }
}
