using System.Text.Json;

namespace OrleansSearch.Grains.Tests.Support;

/// <summary>Index specs and documents the grain tests share.</summary>
internal static class Schemas
{
    /// <summary>title and body (text), tag (keyword), year (number), embedding (3-dimensional vector).</summary>
    public static IndexSpec Articles(string name, int shards = 1) => new(name, shards,
    [
        new FieldSpec("title", FieldKind.Text, Boost: 2),
        new FieldSpec("body", FieldKind.Text),
        new FieldSpec("tag", FieldKind.Keyword),
        new FieldSpec("year", FieldKind.Number),
        new FieldSpec("embedding", FieldKind.Vector, Dimension: 3),
    ]);

    /// <summary>Fields from a JSON object literal.</summary>
    public static Dictionary<string, JsonElement> Fields(string json)
        => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? throw new ArgumentException($"Not a JSON object: {json}", nameof(json));

    /// <summary>
    /// <paramref name="count"/> ids (prefix-n) that route to <paramref name="shard"/> of <paramref name="shardCount"/>,
    /// found by hashing as the gateway routes: a shard grain accepts only its own documents.
    /// </summary>
    public static List<string> IdsOnShard(string prefix, int shard, int shardCount, int count)
    {
        var ids = new List<string>(count);
        for (int n = 0; ids.Count < count; n++)
        {
            string id = $"{prefix}-{n}";
            if (ShardKeys.ShardOf(id, shardCount) == shard)
            {
                ids.Add(id);
            }
        }
        return ids;
    }
}
