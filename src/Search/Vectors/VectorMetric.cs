namespace OrleansSearch.Search.Vectors;

/// <summary>How two vectors are compared. Stored in snapshots as a byte, so values are fixed.</summary>
public enum VectorMetric : byte
{
    /// <summary>Cosine similarity. Vectors are L2-normalised on insert; the score is the cosine in [-1, 1].</summary>
    Cosine = 1,

    /// <summary>Inner product of the raw vectors; the score is the dot product (higher is closer).</summary>
    DotProduct = 2,

    /// <summary>Euclidean (L2) distance; the score is the negated distance, so higher is still closer.</summary>
    Euclidean = 3,
}
