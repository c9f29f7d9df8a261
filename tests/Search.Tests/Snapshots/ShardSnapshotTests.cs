using System.Diagnostics;
using System.Text;
using OrleansSearch.Search.Analysis;
using OrleansSearch.Evaluation;
using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Snapshots;
using OrleansSearch.Search.Tests.Relevance;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Snapshots;

[Collection(SciFactCollection.Name)]
public sealed class ShardSnapshotTests(SciFactFixture fixture)
{
    private static readonly string GoldenPath = Path.Combine(TestData.RepositoryRoot, "tests", "Search.Tests", "Snapshots", "golden", "shard-v1.snap");

    /// <summary>The small shard the golden version-1 file holds.</summary>
    private static ShardIndex GoldenShard()
    {
        var shard = new ShardIndex(RandomCorpus.Schema);
        shard.Add(new SearchDocument("alpha").Text("title", "Snapshot format").Text("body", "a versioned checksummed binary format")
            .Keyword("tag", "spec", "v1").Number("rank", 1).Date("published", new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero)));
        shard.Add(new SearchDocument("beta").Text("title", "Golden files").Text("body", "guard the binary format against accidental change")
            .Keyword("tag", "test"));
        shard.Add(new SearchDocument("gamma").Text("title", "Deleted").Text("body", "tombstoned before the snapshot"));
        shard.Delete("gamma");
        return shard;
    }

    [Fact]
    public void Format_version_1_golden_file_still_loads_and_is_what_the_writer_writes()
    {
        using var written = new MemoryStream();
        ShardSnapshot.Write(written, GoldenShard(), [new SnapshotSection("vectors", "hnsw"u8.ToArray())]);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(GoldenPath)!);
            File.WriteAllBytes(GoldenPath, written.ToArray());
        }

        var golden = File.ReadAllBytes(GoldenPath);
        Assert.Equal(golden, written.ToArray());
        var loaded = ShardSnapshot.Read(golden, RandomCorpus.Schema);
        Assert.Equal(2, loaded.Index.DocumentCount);
        Assert.Equal("hnsw", Encoding.UTF8.GetString(loaded.Sections["vectors"].Span));
        Assert.Equal(["alpha", "beta"], loaded.Index.Search(new SearchRequest { Query = "binary format +body:binary" }).Hits.Select(h => h.Id));
        Assert.Equal(["alpha"], loaded.Index.Search(new SearchRequest { Query = "format", Filters = [new KeywordFilter("tag", "v1")] }).Hits.Select(h => h.Id));
        Assert.Empty(loaded.Index.Search(new SearchRequest { Query = "tombstoned" }).Hits);
    }

    [Fact]
    public void Version_magic_and_schema_mismatches_are_reported()
    {
        using var stream = new MemoryStream();
        ShardSnapshot.Write(stream, GoldenShard());
        var bytes = stream.ToArray();
        var otherVersion = (byte[])bytes.Clone();
        otherVersion[8] = 2;
        Assert.Contains("format version 2 is not supported", Assert.Throws<SnapshotException>(() => ShardSnapshot.Read(otherVersion, RandomCorpus.Schema)).Message);
        Assert.Contains("magic", Assert.Throws<SnapshotException>(() => ShardSnapshot.Read(new byte[64], RandomCorpus.Schema)).Message);
        var otherSchema = new IndexSchema([.. RandomCorpus.Schema.Fields.Take(4), FieldDefinition.Number("published")]);
        Assert.Contains("Snapshot field 'published' (Date", Assert.Throws<SnapshotException>(() => ShardSnapshot.Read(bytes, otherSchema)).Message);
        Assert.Throws<ArgumentException>(() => ShardSnapshot.Write(new MemoryStream(), GoldenShard(), [new SnapshotSection("text:title", Array.Empty<byte>())]));
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value_and_the_bytewise_definition()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        var random = new Random(1);
        for (var length = 0; length < 100; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var crc = 0xFFFFFFFFu;
            foreach (var b in data)
            {
                crc ^= b;
                for (var bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
                }
            }

            Assert.Equal(~crc, Crc32.Compute(data));
            Assert.Equal(~crc, Crc32.Compute(data.AsSpan(length / 2), Crc32.Compute(data.AsSpan(0, length / 2))));
        }
    }

    [Fact]
    public void Loading_scifact_is_at_least_6_times_faster_than_reindexing_it()
    {
        // Best of several runs on both sides: the machine is shared, and the fastest run is the
        // one least disturbed by other processes. The bench 'snapshot' command measures medians
        // (13-26x); here the other test classes and the build of the other projects share the two
        // cores (CI once saw 8.3x), so the bound is looser: it still fails if loading degrades
        // toward re-indexing.
        var shard = fixture.SingleShard[0];
        using var stream = new MemoryStream();
        ShardSnapshot.Write(stream, shard);
        var bytes = stream.ToArray();
        var load = Fastest(10, () => ShardSnapshot.Read(bytes, shard.Schema));
        var reindex = Fastest(2, () => SciFactEvaluation.BuildShards(fixture.Dataset, Analyzers.English, 1));
        Assert.True(load * 6 < reindex, $"load {load.TotalMilliseconds:F0} ms, reindex {reindex.TotalMilliseconds:F0} ms");
    }

    private static TimeSpan Fastest(int runs, Action action)
    {
        action();
        var fastest = TimeSpan.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            fastest = stopwatch.Elapsed < fastest ? stopwatch.Elapsed : fastest;
        }

        return fastest;
    }
}
