using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Snapshots;
using OrleansSearch.Search.Tests.Collection;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Scoring;

/// <summary>
/// A number field declared a rank feature adds weight · s / (s + pivot) to the BM25 score of every match: exactly
/// that, never a match of its own, unchanged by MaxScore pruning, sharding and snapshots.
/// </summary>
public sealed class RankFeatureTests
{
    private const int Seed = 20_261_206;
    private static readonly RankFeature Popularity = new(weight: 3, pivot: 20);

    /// <summary>The random corpus' schema, with its number field "rank" (0–99, absent in a quarter) a rank feature.</summary>
    private static readonly IndexSchema FeatureSchema = new(
    [
        FieldDefinition.Text("title", LetterDigitAnalyzer.Instance, boost: 2f),
        FieldDefinition.Text("body", LetterDigitAnalyzer.Instance),
        FieldDefinition.Keyword("tag"),
        FieldDefinition.Number("rank", rankFeature: Popularity),
        FieldDefinition.Date("published"),
    ]);

    [Theory]
    [InlineData(-1, 1, "weight")]
    [InlineData(double.NaN, 1, "weight")]
    [InlineData(1, 0, "pivot")]
    [InlineData(1, -5, "pivot")]
    [InlineData(1, double.PositiveInfinity, "pivot")]
    public void Bad_settings_are_refused_naming_the_setting(double weight, double pivot, string setting)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RankFeature(weight, pivot));
        Assert.Equal(setting, error.ParamName);
    }

    [Fact]
    public void The_boost_saturates_at_the_weight_and_is_half_of_it_at_the_pivot()
    {
        Assert.Equal(0, Popularity.Boost(0));
        Assert.Equal(1.5, Popularity.Boost(20));
        Assert.True(Popularity.Boost(1e12) is < 3 and > 2.99);
        Assert.Equal(0, Popularity.Boost(double.NaN));
        Assert.Equal(0, new RankFeature(0, 1).Boost(50));
    }

    [Fact]
    public void Each_match_scores_its_bm25_plus_its_boost_and_nothing_else_matches()
    {
        var documents = RandomCorpus.Documents(Seed, 400);
        var plain = RandomCorpus.Index(documents);
        var featured = RandomCorpus.Index(documents, FeatureSchema);
        var request = new SearchRequest { Query = "w3 w17", Limit = 1000 };

        var expected = plain.Search(request).Hits.ToDictionary(hit => hit.Id, hit => hit.Score);
        var actual = featured.Search(request with { IncludeStoredFields = true }).Hits;

        Assert.Equal(expected.Keys.Order(), actual.Select(hit => hit.Id).Order());
        foreach (var hit in actual)
        {
            double rank = hit.StoredFields!.TryGetValue("rank", out var value) ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
            Assert.Equal(expected[hit.Id] + Popularity.Boost(rank), hit.Score);
        }
    }

    [Fact]
    public void Pruned_top_k_equals_exhaustive_top_k_with_a_rank_feature()
    {
        var random = new Random(Seed);
        var shard = RandomCorpus.Index(RandomCorpus.Documents(Seed, 3000), FeatureSchema);
        var pruned = 0;
        for (var q = 0; q < 200; q++)
        {
            var query = PruningPropertyTests.RandomQuery(random);
            var k = random.Next(1, 25);
            var exhaustive = shard.Search(new SearchRequest { Query = query, Limit = k, TotalHitsThreshold = int.MaxValue });
            var fast = shard.Search(new SearchRequest { Query = query, Limit = k, TotalHitsThreshold = 0 });
            pruned += fast.TotalHits < exhaustive.TotalHits ? 1 : 0;
            PruningPropertyTests.AssertSameHits(exhaustive, fast, $"seed {Seed}, query #{q} '{query}', k = {k}");
        }

        Assert.True(pruned > 20, $"pruning skipped documents in only {pruned} of 200 queries");
    }

    [Fact]
    public void Explanations_show_the_boost_and_add_up_to_the_score()
    {
        var shard = RandomCorpus.Index(RandomCorpus.Documents(Seed, 400), FeatureSchema);

        foreach (var hit in shard.Search(new SearchRequest { Query = "w3 w17", Limit = 20, Explain = true }).Hits)
        {
            Assert.Equal(hit.Score, hit.Explanation!.Value);
            Assert.Contains(hit.Explanation.Details, detail => detail.Description.StartsWith("rank features", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_snapshot_keeps_the_ranking()
    {
        var shard = RandomCorpus.Index(RandomCorpus.Documents(Seed, 1000), FeatureSchema);
        var stream = new MemoryStream();
        ShardSnapshot.Write(stream, shard);

        var loaded = ShardSnapshot.Read(stream.ToArray(), FeatureSchema).Index;

        var request = new SearchRequest { Query = "w5 w9 w40", Limit = 50 };
        PruningPropertyTests.AssertSameHits(shard.Search(request), loaded.Search(request), "after a snapshot");
    }

    [Fact]
    public void A_negative_value_is_refused()
    {
        var shard = new ShardIndex(FeatureSchema);

        var error = Assert.Throws<ArgumentException>(() => shard.Add(new SearchDocument("d").Text("title", "w1").Number("rank", -1)));

        Assert.Contains("rank feature", error.Message, StringComparison.Ordinal);
    }
}
