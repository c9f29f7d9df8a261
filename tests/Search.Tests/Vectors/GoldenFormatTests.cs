using OrleansSearch.Search.Vectors;

namespace OrleansSearch.Search.Tests.Vectors;

/// <summary>
/// Format version 1 is frozen: a checked-in file written by version 1 (Golden/vector-index-v1.bin: 300
/// Euclidean vectors of 6 small integer components, seed 61, HNSW with M 4, every 7th document deleted) must
/// still load and answer like the index it was made from, and the same build must still write exactly those
/// bytes. Integer components keep every distance exact, so the bytes do not depend on the CPU's SIMD width.
/// </summary>
public sealed class GoldenFormatTests
{
    private static readonly float[][] Data = SmallIntegers(300, seed: 61);

    [Fact]
    public void Version_1_file_loads_and_answers_like_the_index_it_was_written_from()
    {
        VectorIndex expected = BuildGoldenIndex();
        VectorIndex loaded = VectorIndex.ReadFrom(new MemoryStream(File.ReadAllBytes(GoldenPath())));
        Assert.Equal(expected.Count, loaded.Count);
        foreach (float[] query in SmallIntegers(20, seed: 62))
        {
            Assert.Equal(expected.Search(query, 5), loaded.Search(query, 5));
        }
    }

    [Fact]
    public void The_same_build_still_writes_the_version_1_bytes()
    {
        using var stream = new MemoryStream();
        BuildGoldenIndex().WriteTo(stream);
        Assert.Equal(File.ReadAllBytes(GoldenPath()), stream.ToArray());
    }

    private static VectorIndex BuildGoldenIndex()
    {
        VectorIndex index = RandomVectors.Build(Data, new VectorIndexOptions { Dimension = 6, Metric = VectorMetric.Euclidean, MaxConnections = 4, EfConstruction = 20, ExactSearchThreshold = 0, Seed = 61 });
        for (int i = 0; i < Data.Length; i += 7)
        {
            index.Delete("doc-" + i);
        }

        return index;
    }

    private static float[][] SmallIntegers(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 6).Select(_ => (float)random.Next(-8, 9)).ToArray()).ToArray();
    }

    private static string GoldenPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansSearch.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "Search.Tests", "Vectors", "Golden", "vector-index-v1.bin");
            }
        }

        throw new DirectoryNotFoundException("No folder above the test binary holds OrleansSearch.sln.");
    }
}
