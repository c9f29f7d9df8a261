namespace OrleansSearch.Search.Schema;

/// <summary>What a field holds and therefore how it is indexed and queried.</summary>
public enum FieldType
{
    /// <summary>Analyzed full text, scored with BM25.</summary>
    Text,

    /// <summary>Exact strings (one or more per document) for filters, facets and sorting.</summary>
    Keyword,

    /// <summary>A double, for range filters and sorting.</summary>
    Number,

    /// <summary>A point in time, kept as epoch milliseconds, for range filters and sorting.</summary>
    Date,

    /// <summary>A dense vector of fixed dimension, indexed by the vector index.</summary>
    Vector,
}

/// <summary>
/// How two vectors of a vector field are compared. Names and values match the vector index's
/// metric (stored in snapshots as a byte), so the two can become one type.
/// </summary>
public enum VectorMetric : byte
{
    /// <summary>Cosine similarity.</summary>
    Cosine = 1,

    /// <summary>Dot product (inner product).</summary>
    DotProduct = 2,

    /// <summary>Euclidean (L2) distance.</summary>
    Euclidean = 3,
}
