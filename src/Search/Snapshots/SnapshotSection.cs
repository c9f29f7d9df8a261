namespace OrleansSearch.Search.Snapshots;

/// <summary>
/// A named block of a shard snapshot. The text index writes its own sections; other parts of a
/// shard (the vector index) add theirs through <see cref="ShardSnapshot.Write"/> and get them
/// back from <see cref="LoadedShard.Sections"/>, covered by the same checksum.
/// </summary>
public sealed record SnapshotSection(string Name, ReadOnlyMemory<byte> Payload);

/// <summary>Names of snapshot sections.</summary>
public static class SnapshotSectionNames
{
    /// <summary>The schema the snapshot was written with.</summary>
    public const string Schema = "schema";

    /// <summary>Document ids and tombstones.</summary>
    public const string Documents = "documents";

    /// <summary>Prefix of a text field's section (postings, lengths, stored text).</summary>
    public const string TextPrefix = "text:";

    /// <summary>Prefix of a keyword field's section.</summary>
    public const string KeywordPrefix = "keyword:";

    /// <summary>Prefix of a number or date field's section.</summary>
    public const string NumericPrefix = "numeric:";

    /// <summary>Prefix of a vector field's section: its vectors and HNSW graph.</summary>
    public const string VectorPrefix = "vector:";

    /// <summary>Whether the text index owns <paramref name="name"/> (extra sections may not use it).</summary>
    public static bool IsIndexSection(string name) =>
        name is Schema or Documents
        || name.StartsWith(TextPrefix, StringComparison.Ordinal)
        || name.StartsWith(KeywordPrefix, StringComparison.Ordinal)
        || name.StartsWith(NumericPrefix, StringComparison.Ordinal)
        || name.StartsWith(VectorPrefix, StringComparison.Ordinal);
}

/// <summary>A loaded shard and the extra sections stored with it.</summary>
public sealed record LoadedShard(Indexing.ShardIndex Index, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Sections);
