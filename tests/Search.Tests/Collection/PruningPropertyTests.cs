using System.Text;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Collection;

/// <summary>
/// MaxScore pruning must return exactly the exhaustive top k: same ids, same order, same scores
/// to the last bit, for random corpora (with deletes) and random queries of every clause kind.
/// </summary>
public sealed class PruningPropertyTests
{
    private const int Seed = 20_240_611;

    [Fact]
    public void Pruned_top_k_equals_exhaustive_top_k_for_random_queries()
    {
        var random = new Random(Seed);
        var documents = RandomCorpus.Documents(Seed, 3000);
        var shard = RandomCorpus.Index(documents);
        for (var i = 0; i < 300; i += 7)
        {
            shard.Delete(documents[i].Id);
        }

        var pruned = 0;
        for (var q = 0; q < 400; q++)
        {
            var query = RandomQuery(random);
            var k = random.Next(1, 25);
            var filters = random.Next(4) == 0 ? new SearchFilter[] { new RangeFilter("rank", 10, 80) } : [];
            var exhaustive = shard.Search(new SearchRequest { Query = query, Limit = k, Filters = filters, TotalHitsThreshold = int.MaxValue });
            var fast = shard.Search(new SearchRequest { Query = query, Limit = k, Filters = filters, TotalHitsThreshold = 0 });
            Assert.Equal(TotalHitsRelation.Exact, exhaustive.TotalHitsRelation);
            pruned += fast.TotalHits < exhaustive.TotalHits ? 1 : 0;
            AssertSameHits(exhaustive, fast, $"seed {Seed}, query #{q} '{query}', k = {k}");
        }

        // The property is only interesting if pruning actually skipped documents.
        Assert.True(pruned > 100, $"pruning skipped documents in only {pruned} of 400 queries");
    }

    internal static string RandomQuery(Random random)
    {
        var builder = new StringBuilder();
        var clauses = random.Next(1, 7);
        for (var c = 0; c < clauses; c++)
        {
            var kind = random.Next(20);
            builder.Append(kind switch
            {
                0 or 1 => "+",
                2 => "-",
                _ => string.Empty,
            });
            if (kind == 3)
            {
                builder.Append('"').Append(RandomCorpus.Word(random, 60)).Append(' ').Append(RandomCorpus.Word(random, 60)).Append('"');
            }
            else if (kind == 4)
            {
                builder.Append("tag:t").Append(random.Next(6));
            }
            else if (kind == 5)
            {
                builder.Append("title:").Append(RandomCorpus.Word(random, 400));
            }
            else
            {
                builder.Append(RandomCorpus.Word(random, 400));
            }

            builder.Append(' ');
        }

        // Keep at least one positive clause so the query is valid.
        builder.Append(RandomCorpus.Word(random, 400));
        return builder.ToString();
    }

    internal static void AssertSameHits(SearchResult expected, SearchResult actual, string context)
    {
        Assert.True(expected.Hits.Count == actual.Hits.Count, $"{context}: {expected.Hits.Count} hits expected, {actual.Hits.Count} returned");
        for (var i = 0; i < expected.Hits.Count; i++)
        {
            var e = expected.Hits[i];
            var a = actual.Hits[i];
            Assert.True(
                e.Id == a.Id && BitConverter.DoubleToInt64Bits(e.Score) == BitConverter.DoubleToInt64Bits(a.Score),
                $"{context}: hit {i} expected {e.Id} ({e.Score:R}), got {a.Id} ({a.Score:R})");
        }
    }
}
