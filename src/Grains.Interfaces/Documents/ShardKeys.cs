using System.Globalization;

namespace OrleansSearch.Grains;

/// <summary>
/// Shard grain keys and document routing: a document lives in the shard its id hashes to, forever. Copy 0 of a
/// shard (key <c>index/shard</c>) writes; copies 1 and up (<c>index/shard/copy</c>) follow it.
/// </summary>
public static class ShardKeys
{
    public static string For(string index, int shard) => $"{index}/{shard.ToString(CultureInfo.InvariantCulture)}";

    public static string For(string index, int shard, int copy)
        => copy == 0 ? For(index, shard) : $"{index}/{shard.ToString(CultureInfo.InvariantCulture)}/{copy.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads a key made by <see cref="For(string, int, int)"/>; false for anything else.</summary>
    public static bool TryParse(string key, out string index, out int shard, out int copy)
    {
        index = "";
        shard = copy = 0;
        var parts = (key ?? "").Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out shard)
            || (parts.Length == 3 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out copy) || copy == 0)))
        {
            return false;
        }
        index = parts[0];
        return true;
    }

    /// <summary>The shard of <paramref name="documentId"/> in an index of <paramref name="shardCount"/> shards (stable across processes and releases).</summary>
    public static int ShardOf(string documentId, int shardCount) => (int)(StableHashing.Hash(documentId) % (ulong)shardCount);
}
