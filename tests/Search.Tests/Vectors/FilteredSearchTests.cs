using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Tests.Vectors;

/// <summary>
/// A filtered search returns only allowed documents and still fills k, whichever strategy it picks (the index
/// has 4,000 vectors, an exact threshold of 500 and a graph cost of 1 per ef, so 2,000 and 800 allowed
/// documents go through the graph, 100 and 4 through exact search). Data seed 21, query seed 22.
/// </summary>
public sealed class FilteredSearchTests
{
    private static readonly float[][] Data = RandomVectors.Gaussian(4000, 32, seed: 21);
    private static readonly float[][] Queries = RandomVectors.Gaussian(40, 32, seed: 22);
    private static readonly VectorIndex Index = RandomVectors.Build(Data, new VectorIndexOptions { Dimension = 32, Metric = VectorMetric.Cosine, ExactSearchThreshold = 500, GraphCostPerEf = 1 });

    [Theory]
    [InlineData(2)] // 2,000 allowed > 1 × widened ef 256: graph traversal.
    [InlineData(5)] // 800 allowed > 1 × widened ef 640: graph traversal.
    [InlineData(40)] // 100 allowed, below the exact threshold: exact search over the allowed set.
    [InlineData(1000)] // 4 documents: fewer than k, exact.
    public void Returns_only_allowed_documents_and_fills_k(int modulus)
    {
        var allowed = new OrdinalSet();
        for (int i = 0; i < Data.Length; i += modulus)
        {
            allowed.Add(i);
        }

        int found = 0;
        int expected = 0;
        foreach (float[] query in Queries)
        {
            int[] truth = RandomVectors.BruteForce(Data, query, 10, VectorMetric.Cosine, i => i % modulus == 0);
            VectorHit[] hits = Index.Search(query, 10, allowed);
            Assert.All(hits, h => Assert.Equal(0, h.DocumentOrdinal % modulus));
            Assert.Equal(Math.Min(10, allowed.Count), hits.Length);
            found += hits.Count(h => truth.Contains(h.DocumentOrdinal));
            expected += truth.Length;
        }

        Assert.True(found >= 0.95 * expected, $"filtered recall {found}/{expected} with 1/{modulus} allowed");
    }

    [Fact]
    public void Filter_ordinals_without_a_vector_are_ignored()
    {
        var allowed = new OrdinalSet();
        allowed.Add(3);
        allowed.Add(1_000_000);
        Assert.Equal([3], Index.Search(Queries[0], 10, allowed).Select(h => h.DocumentOrdinal));
    }

    [Fact]
    public void Empty_filter_returns_nothing() => Assert.Empty(Index.Search(Queries[0], 10, new OrdinalSet()));
}
