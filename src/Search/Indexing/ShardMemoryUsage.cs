namespace OrleansSearch.Search.Indexing;

/// <summary>
/// Approximate bytes a shard holds, by part: array capacities, string objects (header + UTF-16)
/// and dictionary entries. Approximate, but it counts what is allocated, not just what is used.
/// </summary>
public sealed record ShardMemoryUsage(long Documents, long TextFields, long KeywordFields, long NumericFields, long VectorFields)
{
    /// <summary>The sum of the parts.</summary>
    public long Total => Documents + TextFields + KeywordFields + NumericFields + VectorFields;
}
