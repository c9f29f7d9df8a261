using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Tests.Vectors;

/// <summary>An index read back from its binary form behaves identically; damaged input is a clear error. Seed 41.</summary>
public sealed class SerializationTests
{
    private static readonly float[][] Data = RandomVectors.Gaussian(2500, 20, seed: 41);
    private static readonly float[][] Queries = RandomVectors.Gaussian(30, 20, seed: 42);

    [Theory]
    [InlineData(VectorIndexKind.Hnsw, VectorMetric.Cosine)]
    [InlineData(VectorIndexKind.Hnsw, VectorMetric.DotProduct)]
    [InlineData(VectorIndexKind.Flat, VectorMetric.Euclidean)]
    public void Round_trip_gives_identical_results(VectorIndexKind kind, VectorMetric metric)
    {
        VectorIndex original = RandomVectors.Build(Data, new VectorIndexOptions { Dimension = 20, Kind = kind, Metric = metric, Seed = 5 });
        original.Delete("doc-17");
        VectorIndex copy = RoundTrip(original);

        Assert.Equal(original.Count, copy.Count);
        var filter = new OrdinalSet();
        for (int i = 0; i < Data.Length; i += 3)
        {
            filter.Add(i);
        }

        foreach (float[] query in Queries)
        {
            Assert.Equal(original.Search(query, 10), copy.Search(query, 10));
            Assert.Equal(original.Search(query, 10, filter), copy.Search(query, 10, filter));
        }
    }

    [Fact]
    public void A_loaded_index_keeps_building_the_same_graph()
    {
        var options = new VectorIndexOptions { Dimension = 20, Seed = 8 };
        VectorIndex whole = RandomVectors.Build(Data, options);
        VectorIndex firstHalf = RandomVectors.Build(Data[..1250], options);
        VectorIndex resumed = RoundTrip(firstHalf);
        for (int i = 1250; i < Data.Length; i++)
        {
            resumed.Add(i, "doc-" + i, Data[i]);
        }

        Assert.Equal(Serialize(whole), Serialize(resumed));
    }

    [Fact]
    public void Reading_stops_at_the_end_of_the_index_so_it_can_be_one_section_of_a_larger_stream()
    {
        using var stream = new MemoryStream();
        stream.Write("before"u8);
        RandomVectors.Build(Data[..1100], new VectorIndexOptions { Dimension = 20 }).WriteTo(stream);
        long end = stream.Position;
        stream.Write("after"u8);

        stream.Position = 6;
        VectorIndex copy = VectorIndex.ReadFrom(stream);
        Assert.Equal(end, stream.Position);
        Assert.Equal(1100, copy.Count);
    }

    [Fact]
    public void Truncation_anywhere_is_reported_as_truncated()
    {
        byte[] bytes = Serialize(RandomVectors.Build(Data[..1200], new VectorIndexOptions { Dimension = 20 }));
        foreach (int length in new[] { 0, 3, 5, 20, 60, 200, bytes.Length / 2, bytes.Length - 5, bytes.Length - 1 })
        {
            var error = Assert.Throws<InvalidDataException>(() => VectorIndex.ReadFrom(new MemoryStream(bytes[..length])));
            Assert.Contains("truncated", error.Message);
        }
    }

    [Fact]
    public void Unknown_version_and_foreign_data_are_rejected()
    {
        byte[] bytes = Serialize(RandomVectors.Build(Data[..10], new VectorIndexOptions { Dimension = 20 }));
        bytes[4] = 9;
        Assert.Contains("version 9 is not supported", Assert.Throws<InvalidDataException>(() => VectorIndex.ReadFrom(new MemoryStream(bytes))).Message);
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => VectorIndex.ReadFrom(new MemoryStream("not an index"u8.ToArray()))).Message);
    }

    private static VectorIndex RoundTrip(VectorIndex index) => VectorIndex.ReadFrom(new MemoryStream(Serialize(index)));

    private static byte[] Serialize(VectorIndex index)
    {
        using var stream = new MemoryStream();
        index.WriteTo(stream);
        return stream.ToArray();
    }
}
