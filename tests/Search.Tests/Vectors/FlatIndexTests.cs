using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Tests.Vectors;

/// <summary>The flat index, and any HNSW index below its exact threshold, is exact brute force. Seed 5.</summary>
public sealed class FlatIndexTests
{
    [Theory]
    [InlineData(VectorIndexKind.Flat, VectorMetric.Cosine)]
    [InlineData(VectorIndexKind.Flat, VectorMetric.DotProduct)]
    [InlineData(VectorIndexKind.Flat, VectorMetric.Euclidean)]
    [InlineData(VectorIndexKind.Hnsw, VectorMetric.Euclidean)]
    public void Returns_exactly_the_brute_force_neighbours(VectorIndexKind kind, VectorMetric metric)
    {
        float[][] data = RandomVectors.Gaussian(900, 24, seed: 5);
        float[][] queries = RandomVectors.Gaussian(20, 24, seed: 6);
        VectorIndex index = RandomVectors.Build(data, new VectorIndexOptions { Dimension = 24, Metric = metric, Kind = kind });
        foreach (float[] query in queries)
        {
            Assert.Equal(RandomVectors.BruteForce(data, query, 10, metric), index.Search(query, 10).Select(h => h.DocumentOrdinal));
        }
    }

    [Fact]
    public void Fewer_vectors_than_k_returns_them_all()
    {
        VectorIndex index = VectorIndex.Create(new VectorIndexOptions { Dimension = 2, Metric = VectorMetric.Euclidean });
        index.Add(0, "a", [0, 0]);
        index.Add(1, "b", [3, 4]);
        VectorHit[] hits = index.Search([0, 0], 10);
        Assert.Equal([new VectorHit(0, "a", 0f), new VectorHit(1, "b", -5f)], hits);
    }

    [Fact]
    public void Equal_scores_come_back_by_ordinal()
    {
        VectorIndex index = VectorIndex.Create(new VectorIndexOptions { Dimension = 2, Metric = VectorMetric.Euclidean });
        index.Add(7, "seven", [1, 0]);
        index.Add(2, "two", [0, 1]);
        index.Add(5, "five", [-1, 0]);
        Assert.Equal([2, 5, 7], index.Search([0, 0], 3).Select(h => h.DocumentOrdinal));
    }

    [Fact]
    public void Search_on_an_empty_index_returns_nothing()
    {
        foreach (VectorIndexKind kind in Enum.GetValues<VectorIndexKind>())
        {
            Assert.Empty(VectorIndex.Create(new VectorIndexOptions { Dimension = 3, Kind = kind }).Search([1, 2, 3], 5));
        }
    }
}
