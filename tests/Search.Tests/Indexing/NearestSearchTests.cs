using OrleansSearch.Search.Analysis;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Snapshots;
using OrleansSearch.Search.Snippets;

namespace OrleansSearch.Search.Tests.Indexing;

public sealed class NearestSearchTests
{
    private const int Seed = 8086;
    private const int Dimension = 8;

    private static readonly IndexSchema Schema = new(
    [
        FieldDefinition.Text("body", Analyzers.English),
        FieldDefinition.Keyword("colour"),
        FieldDefinition.Vector("embedding", Dimension),
    ]);

    [Fact]
    public void Hits_are_the_most_cosine_similar_documents_in_result_order()
    {
        var (shard, vectors) = RandomShard(Seed, 600);
        var query = RandomVector(new Random(Seed + 1));
        var result = shard.Search(Nearest(query, limit: 25));

        var expected = vectors.OrderByDescending(pair => Cosine(pair.Value, query)).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(25).ToList();
        Assert.Equal(expected.Select(pair => pair.Key), result.Hits.Select(hit => hit.Id));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Cosine(expected[i].Value, query), result.Hits[i].Score, 1e-6);
        }

        Assert.Equal(600, result.TotalHits);
        Assert.Equal(TotalHitsRelation.Exact, result.TotalHitsRelation);
    }

    [Fact]
    public void Filters_restrict_hits_and_matches_and_facets_count_every_match()
    {
        var (shard, _) = RandomShard(Seed, 600);
        var request = Nearest(RandomVector(new Random(Seed + 2)), limit: 50) with
        {
            Filters = [new KeywordFilter("colour", ["red"])],
            Facets = [new FacetRequest("colour", 5)],
            IncludeStoredFields = true,
            StoredFieldNames = new HashSet<string> { "colour" },
        };
        var result = shard.Search(request);

        Assert.Equal(50, result.Hits.Count);
        Assert.All(result.Hits, hit => Assert.Equal(new[] { "red" }, (string[])hit.StoredFields!["colour"]));
        Assert.All(result.Hits, hit => Assert.Equal(["colour"], hit.StoredFields!.Keys));
        var reds = Enumerable.Range(0, 600).Count(i => ColourOf(i) == "red");
        Assert.Equal(reds, result.TotalHits);
        Assert.Equal(("red", (long)reds), (result.Facets.Single().Values.Single().Value, result.Facets.Single().Values.Single().Count));
    }

    [Fact]
    public void Documents_without_the_vector_field_are_not_matches()
    {
        var shard = new ShardIndex(Schema);
        shard.Add(new SearchDocument("with").Text("body", "words").Vector("embedding", Unit(0)));
        shard.Add(new SearchDocument("without").Text("body", "words"));

        var result = shard.Search(Nearest(Unit(1), limit: 10));
        Assert.Equal(["with"], result.Hits.Select(hit => hit.Id));
        Assert.Equal(1, result.TotalHits);
    }

    [Fact]
    public void Replaced_and_deleted_documents_follow_their_latest_write_also_after_compaction()
    {
        var (shard, vectors) = RandomShard(Seed, 400);
        var random = new Random(Seed + 3);
        for (var i = 0; i < 400; i += 3)
        {
            shard.Delete(Id(i));
            vectors.Remove(Id(i));
        }

        for (var i = 1; i < 400; i += 7)
        {
            var vector = RandomVector(random);
            shard.Add(new SearchDocument(Id(i)).Text("body", "moved").Keyword("colour", ColourOf(i)).Vector("embedding", vector));
            vectors[Id(i)] = vector;
        }

        var query = RandomVector(random);
        var expected = vectors.OrderByDescending(pair => Cosine(pair.Value, query)).ThenBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key).Take(40).ToList();
        var filter = new KeywordFilter("colour", ["blue"]);
        var expectedBlue = expected.Where(id => ColourOf(int.Parse(id[4..], System.Globalization.CultureInfo.InvariantCulture)) == "blue").ToList();
        Assert.Equal(expected, shard.Search(Nearest(query, limit: 40)).Hits.Select(hit => hit.Id));

        shard.Compact();
        Assert.Equal(expected, shard.Search(Nearest(query, limit: 40)).Hits.Select(hit => hit.Id));
        var blue = shard.Search(Nearest(query, limit: 40) with { Filters = [filter] }).Hits.Select(hit => hit.Id).ToList();
        Assert.Equal(expectedBlue, blue.Take(expectedBlue.Count));
        Assert.Equal(vectors.Count, shard.Search(Nearest(query, limit: 1)).TotalHits);
    }

    [Fact]
    public void A_snapshot_keeps_the_vectors_and_the_graph()
    {
        // Above the exact-search threshold, so the graph answers and must survive the round trip.
        var (shard, _) = RandomShard(Seed, 2500);
        for (var i = 0; i < 2500; i += 5)
        {
            shard.Delete(Id(i));
        }

        using var stream = new MemoryStream();
        ShardSnapshot.Write(stream, shard);
        var loaded = ShardSnapshot.Read(stream.ToArray(), Schema).Index;

        var random = new Random(Seed + 4);
        for (var q = 0; q < 20; q++)
        {
            var request = Nearest(RandomVector(random), limit: 10);
            var before = shard.Search(request);
            var after = loaded.Search(request);
            Assert.Equal(before.Hits.Select(hit => (hit.Id, hit.Score)), after.Hits.Select(hit => (hit.Id, hit.Score)));
            Assert.Equal(2000, after.TotalHits);
        }

        Assert.True(loaded.MemoryUsage().VectorFields >= 2500L * Dimension * sizeof(float));
    }

    [Fact]
    public void Search_after_pages_through_exactly_the_single_page_ranking()
    {
        var (shard, _) = RandomShard(Seed, 500);
        var query = RandomVector(new Random(Seed + 5));
        var all = shard.Search(Nearest(query, limit: 90)).Hits.Select(hit => hit.Id).ToList();

        var paged = new List<string>();
        string? cursor = null;
        while (paged.Count < 90)
        {
            var page = shard.Search(Nearest(query, limit: 30) with { SearchAfter = cursor });
            paged.AddRange(page.Hits.Select(hit => hit.Id));
            cursor = page.NextCursor;
        }

        Assert.Equal(all, paged);
        Assert.Equal(all.Skip(30).Take(30), shard.Search(Nearest(query, limit: 30) with { Offset = 30 }).Hits.Select(hit => hit.Id));
    }

    [Fact]
    public void Snippets_highlight_the_query_text_when_one_is_given()
    {
        var shard = new ShardIndex(Schema);
        shard.Add(new SearchDocument("a").Text("body", "the quick brown fox").Vector("embedding", Unit(0)));
        var request = Nearest(Unit(0), limit: 1) with { Query = "fox", Highlight = new HighlightOptions { Fields = ["body"] } };

        Assert.Contains("fox", shard.Search(request).Hits.Single().Snippets!["body"], StringComparison.Ordinal);
        Assert.Null(shard.Search(request with { Query = "" }).Hits.Single().Snippets);
        Assert.Contains("fox", shard.Search(request with { Query = "where's the \"fox -" }).Hits.Single().Snippets!["body"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("embedding", 3, "dimension 8")]
    [InlineData("body", 8, "Vector")]
    [InlineData("missing", 8, "missing")]
    public void Bad_queries_are_rejected_naming_the_rule(string field, int components, string expected)
    {
        var (shard, _) = RandomShard(Seed, 10);
        var error = Assert.ThrowsAny<ArgumentException>(() => shard.Search(new SearchRequest { Query = "", Nearest = new NearestVector(field, new float[components]) }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_components_and_sorting_by_a_field_are_rejected()
    {
        var (shard, _) = RandomShard(Seed, 10);
        var nan = Unit(0);
        nan[3] = float.NaN;
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => shard.Search(Nearest(nan, 5))).Message, StringComparison.Ordinal);
        var sorted = Nearest(Unit(0), 5) with { Sort = SortSpec.By("colour", SortOrder.Ascending) };
        Assert.Contains("similarity", Assert.Throws<ArgumentException>(() => shard.Search(sorted)).Message, StringComparison.Ordinal);
    }

    private static SearchRequest Nearest(float[] vector, int limit) => new() { Query = "", Limit = limit, Nearest = new NearestVector("embedding", vector) };

    private static (ShardIndex Shard, Dictionary<string, float[]> Vectors) RandomShard(int seed, int count)
    {
        var random = new Random(seed);
        var shard = new ShardIndex(Schema);
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var vector = RandomVector(random);
            vectors[Id(i)] = vector;
            shard.Add(new SearchDocument(Id(i)).Text("body", $"document number {i}").Keyword("colour", ColourOf(i)).Vector("embedding", vector));
        }

        return (shard, vectors);
    }

    private static string Id(int i) => $"doc-{i:D5}";

    private static string ColourOf(int i) => (i % 3) switch { 0 => "red", 1 => "green", _ => "blue" };

    private static float[] RandomVector(Random random)
    {
        var vector = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    private static float[] Unit(int axis)
    {
        var vector = new float[Dimension];
        vector[axis] = 1;
        return vector;
    }

    private static double Cosine(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);
}
