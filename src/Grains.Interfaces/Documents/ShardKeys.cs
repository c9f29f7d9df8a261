namespace OrleansSearch.Grains;

/// <summary>Shard grain keys and document routing: a document lives in the shard its id hashes to, forever.</summary>
public static class ShardKeys
{
    public static string For(string index, int shard) => $"{index}/{shard.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The shard of <paramref name="documentId"/> in an index of <paramref name="shardCount"/> shards (stable across processes and releases).</summary>
    public static int ShardOf(string documentId, int shardCount) => (int)(StableHashing.Hash(documentId) % (ulong)shardCount);
}
