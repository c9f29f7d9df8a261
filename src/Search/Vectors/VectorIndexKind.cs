namespace OrleansSearch.Search.Vectors;

/// <summary>Which search structure a <see cref="VectorIndex"/> keeps. Stored in snapshots as a byte.</summary>
public enum VectorIndexKind : byte
{
    /// <summary>Exact brute-force search only; no graph. Right for small shards and for ground truth.</summary>
    Flat = 1,

    /// <summary>An HNSW graph for approximate search, with exact search below <see cref="VectorIndexOptions.ExactSearchThreshold"/>.</summary>
    Hnsw = 2,
}
