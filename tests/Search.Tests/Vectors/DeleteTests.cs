using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Tests.Vectors;

/// <summary>Deleted documents never come back; tombstones are compacted away. Seed 31.</summary>
public sealed class DeleteTests
{
    [Theory]
    [InlineData(VectorIndexKind.Hnsw)]
    [InlineData(VectorIndexKind.Flat)]
    public void Deleted_documents_are_not_returned_and_k_is_still_filled(VectorIndexKind kind)
    {
        float[][] data = RandomVectors.Gaussian(3000, 16, seed: 31);
        VectorIndex index = RandomVectors.Build(data, new VectorIndexOptions { Dimension = 16, Kind = kind, CompactionThreshold = 0.5 });
        float[] query = data[42];
        int[] before = index.Search(query, 10).Select(h => h.DocumentOrdinal).ToArray();
        Assert.Equal(42, before[0]);

        foreach (int ordinal in before.Take(5))
        {
            Assert.True(index.Delete("doc-" + ordinal));
        }

        VectorHit[] after = index.Search(query, 10);
        Assert.Equal(10, after.Length);
        Assert.DoesNotContain(after, h => before.Take(5).Contains(h.DocumentOrdinal));
        Assert.Equal(before.Skip(5), after.Take(5).Select(h => h.DocumentOrdinal));
        Assert.Equal(2995, index.Count);
        Assert.False(index.Contains("doc-42"));
        Assert.False(index.Delete("doc-42"));
    }

    [Fact]
    public void Passing_the_compaction_threshold_rebuilds_from_live_vectors()
    {
        float[][] data = RandomVectors.Gaussian(2000, 8, seed: 32);
        VectorIndex index = RandomVectors.Build(data, new VectorIndexOptions { Dimension = 8, ExactSearchThreshold = 100, CompactionThreshold = 0.25 });
        for (int i = 0; i < 600; i++)
        {
            index.Delete("doc-" + i);
        }

        Assert.Equal(1400, index.Count);
        Assert.True(index.Store.SlotCount < 2000, "the index should have been compacted");
        int hits = 0;
        for (int i = 600; i < 700; i++)
        {
            VectorHit[] result = index.Search(data[i], 10);
            Assert.All(result, h => Assert.True(h.DocumentOrdinal >= 600));
            hits += result[0].DocumentOrdinal == i ? 1 : 0;
        }

        Assert.True(hits >= 98, $"a live vector should find itself after compaction ({hits}/100)");
    }

    [Fact]
    public void Adding_an_existing_id_replaces_its_vector()
    {
        VectorIndex index = VectorIndex.Create(new VectorIndexOptions { Dimension = 2, Metric = VectorMetric.Euclidean });
        index.Add(0, "a", [0, 0]);
        index.Add(1, "b", [10, 10]);
        index.Add(0, "a", [20, 20]);
        Assert.Equal(2, index.Count);
        Assert.Equal(["b", "a"], index.Search([9, 9], 2).Select(h => h.Id));
    }

    [Fact]
    public void An_ordinal_held_by_another_id_is_rejected()
    {
        VectorIndex index = VectorIndex.Create(new VectorIndexOptions { Dimension = 2 });
        index.Add(0, "a", [1, 0]);
        var error = Assert.Throws<ArgumentException>(() => index.Add(0, "b", [0, 1]));
        Assert.Contains("ordinal 0 already holds document 'a'", error.Message);
    }
}
