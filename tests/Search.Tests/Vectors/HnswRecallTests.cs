using OrleansSearch.Search.Vectors;
using Xunit.Abstractions;

namespace OrleansSearch.Search.Tests.Vectors;

/// <summary>HNSW finds (almost) the same neighbours as brute force, for every metric. Data seed 20261122, query seed 7.</summary>
public sealed class HnswRecallTests(ITestOutputHelper output)
{
    private const int Count = 5000;
    private const int Dimension = 64;
    private const int Queries = 100;
    private const int K = 10;

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.DotProduct)]
    [InlineData(VectorMetric.Euclidean)]
    public void Recall_at_10_is_at_least_0_95_against_brute_force(VectorMetric metric)
    {
        float[][] data = RandomVectors.Gaussian(Count, Dimension, seed: 20261122);
        float[][] queries = RandomVectors.Gaussian(Queries, Dimension, seed: 7);
        VectorIndex index = RandomVectors.Build(data, new VectorIndexOptions { Dimension = Dimension, Metric = metric });

        int found = 0;
        foreach (float[] query in queries)
        {
            var truth = RandomVectors.BruteForce(data, query, K, metric).ToHashSet();
            VectorHit[] hits = index.Search(query, K);
            Assert.Equal(K, hits.Length);
            found += hits.Count(h => truth.Contains(h.DocumentOrdinal));
        }

        double recall = (double)found / (Queries * K);
        output.WriteLine($"{metric}: recall@10 = {recall:F3} ({Count} x {Dimension}-d, ef {VectorIndexOptions.DefaultEfSearch})");
        Assert.True(recall >= 0.95, $"{metric}: recall@10 = {recall:F3}, expected at least 0.95");
    }

    [Fact]
    public void Scores_are_the_metric_values_best_first()
    {
        float[][] data = RandomVectors.Gaussian(2000, 16, seed: 3);
        float[] query = RandomVectors.Gaussian(1, 16, seed: 4)[0];
        foreach (VectorMetric metric in Enum.GetValues<VectorMetric>())
        {
            VectorIndex index = RandomVectors.Build(data, new VectorIndexOptions { Dimension = 16, Metric = metric });
            VectorHit[] hits = index.Search(query, 5);
            for (int i = 0; i < hits.Length; i++)
            {
                Assert.Equal(RandomVectors.Score(data[hits[i].DocumentOrdinal], query, metric), hits[i].Score, 4);
                Assert.Equal("doc-" + hits[i].DocumentOrdinal, hits[i].Id);
                Assert.True(i == 0 || hits[i - 1].Score >= hits[i].Score);
            }
        }
    }

    [Fact]
    public void Concurrent_searches_return_what_sequential_searches_return()
    {
        float[][] data = RandomVectors.Gaussian(3000, 16, seed: 12);
        float[][] queries = RandomVectors.Gaussian(200, 16, seed: 13);
        VectorIndex index = RandomVectors.Build(data, new VectorIndexOptions { Dimension = 16 });
        VectorHit[][] sequential = queries.Select(q => index.Search(q, 10)).ToArray();
        var concurrent = new VectorHit[queries.Length][];
        Parallel.For(0, queries.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = index.Search(queries[i], 10));
        Assert.Equal(sequential, concurrent);
    }

    [Fact]
    public void Same_seed_and_inserts_build_the_same_graph()
    {
        float[][] data = RandomVectors.Gaussian(1500, 8, seed: 11);
        var options = new VectorIndexOptions { Dimension = 8, Seed = 99 };
        Assert.Equal(Serialize(RandomVectors.Build(data, options)), Serialize(RandomVectors.Build(data, options)));
    }

    private static byte[] Serialize(VectorIndex index)
    {
        using var stream = new MemoryStream();
        index.WriteTo(stream);
        return stream.ToArray();
    }
}
