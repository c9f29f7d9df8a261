using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;
using OrleansSearch.Search.Snapshots;
using OrleansSearch.Search.Tests.Collection;
using OrleansSearch.Search.Tests.Support;

namespace OrleansSearch.Search.Tests.Snapshots;

/// <summary>
/// What every snapshot must satisfy, whatever shard it holds: a loaded shard answers exactly
/// like the original, re-writing it gives the same bytes, extra sections come back intact,
/// and any flipped byte or truncation is reported as <see cref="SnapshotException"/>.
/// Each subclass supplies one kind of shard.
/// </summary>
public abstract class SnapshotInvariantTests
{
    protected const int Seed = 8080;

    private static readonly byte[] VectorPayload = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    protected abstract ShardIndex CreateShard();

    private static byte[] Snapshot(ShardIndex shard)
    {
        using var stream = new MemoryStream();
        ShardSnapshot.Write(stream, shard, [new SnapshotSection("vectors", VectorPayload)]);
        return stream.ToArray();
    }

    [Fact]
    public void A_loaded_shard_answers_exactly_like_the_original()
    {
        var original = CreateShard();
        var loaded = ShardSnapshot.Read(Snapshot(original), original.Schema);
        Assert.Equal(original.DocumentCount, loaded.Index.DocumentCount);
        Assert.Equal(VectorPayload, loaded.Sections["vectors"].ToArray());
        var random = new Random(Seed);
        for (var q = 0; q < 60; q++)
        {
            var request = new SearchRequest
            {
                Query = PruningPropertyTests.RandomQuery(random),
                Limit = 15,
                Facets = [new FacetRequest("tag")],
                Sort = q % 3 == 0 ? SortSpec.By("rank") : SortSpec.Score,
                Filters = q % 4 == 0 ? [new RangeFilter("rank", 20, 70)] : [],
                IncludeStoredFields = true,
            };
            var expected = original.Search(request);
            var actual = loaded.Index.Search(request);
            PruningPropertyTests.AssertSameHits(expected, actual, $"seed {Seed}, query '{request.Query}'");
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            Assert.Equal(expected.Facets.Single().Values, actual.Facets.Single().Values);
            for (var i = 0; i < expected.Hits.Count; i++)
            {
                Assert.Equal(expected.Hits[i].StoredFields!.Keys.Order(), actual.Hits[i].StoredFields!.Keys.Order());
            }
        }
    }

    [Fact]
    public void Rewriting_a_loaded_shard_gives_identical_bytes()
    {
        var original = CreateShard();
        var bytes = Snapshot(original);
        Assert.Equal(bytes, Snapshot(ShardSnapshot.Read(bytes, original.Schema).Index));
    }

    [Fact]
    public void Every_flipped_byte_is_detected()
    {
        var original = CreateShard();
        var bytes = Snapshot(original);
        var random = new Random(Seed);
        for (var n = 0; n < 300; n++)
        {
            var offset = n < 40 ? n : random.Next(bytes.Length);
            var corrupt = (byte[])bytes.Clone();
            corrupt[offset] ^= (byte)(1 << random.Next(8));
            Assert.Throws<SnapshotException>(() => ShardSnapshot.Read(corrupt, original.Schema));
        }
    }

    [Fact]
    public void Every_truncation_is_detected()
    {
        var original = CreateShard();
        var bytes = Snapshot(original);
        var step = Math.Max(1, bytes.Length / 300);
        for (var length = 0; length < bytes.Length; length += step)
        {
            var error = Assert.Throws<SnapshotException>(() => ShardSnapshot.Read(bytes.AsMemory(0, length), original.Schema));
            Assert.Contains("truncated", error.Message);
        }

        Assert.Throws<SnapshotException>(() => ShardSnapshot.Read(bytes.AsMemory(0, bytes.Length - 1), original.Schema));
    }
}

public sealed class RandomShardSnapshotTests : SnapshotInvariantTests
{
    protected override ShardIndex CreateShard()
    {
        var documents = RandomCorpus.Documents(Seed, 400);
        var shard = RandomCorpus.Index(documents);
        for (var i = 0; i < documents.Count; i += 9)
        {
            shard.Delete(documents[i].Id);
        }

        return shard;
    }
}

public sealed class CompactedShardSnapshotTests : SnapshotInvariantTests
{
    protected override ShardIndex CreateShard()
    {
        var documents = RandomCorpus.Documents(Seed + 1, 300);
        var shard = RandomCorpus.Index(documents);
        for (var i = 0; i < documents.Count; i += 4)
        {
            shard.Delete(documents[i].Id);
        }

        shard.Compact();
        return shard;
    }
}

public sealed class EmptyShardSnapshotTests : SnapshotInvariantTests
{
    protected override ShardIndex CreateShard() => new(RandomCorpus.Schema);
}
