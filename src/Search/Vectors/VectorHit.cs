namespace OrleansSearch.Search.Vectors;

/// <summary>
/// One nearest-neighbour result. Results are ordered by <see cref="Score"/> descending, then
/// <see cref="DocumentOrdinal"/> ascending, so equal scores always come back in the same order.
/// </summary>
/// <param name="DocumentOrdinal">The caller's document ordinal the vector was added under.</param>
/// <param name="Id">The document id the vector was added under.</param>
/// <param name="Score">Higher is closer: cosine similarity, dot product, or negated Euclidean distance (see <see cref="VectorMetric"/>).</param>
public readonly record struct VectorHit(int DocumentOrdinal, string Id, float Score);
