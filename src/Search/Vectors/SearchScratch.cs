namespace OrleansSearch.Search.Vectors;

/// <summary>
/// The per-search working memory (visited marks, candidate and result heaps, the normalised query). Searches
/// on one index may run concurrently, so each rents its own from the index's pool instead of allocating
/// these arrays per query.
/// </summary>
internal sealed class SearchScratch
{
    public VisitedSet Visited { get; } = new();

    /// <summary>Min-heap of nodes still to expand, by distance.</summary>
    public DistanceHeap Candidates { get; } = new();

    /// <summary>Max-heap (negated distances) of the best accepted nodes found so far.</summary>
    public DistanceHeap Results { get; } = new();

    public float[] Query { get; private set; } = [];

    private int[] _pending = new int[64];

    /// <summary>Room for the unvisited neighbours of one node (at most 2·M).</summary>
    public Span<int> Pending(int count)
    {
        if (_pending.Length < count)
        {
            _pending = new int[count];
        }

        return _pending;
    }

    public Span<float> QueryBuffer(int dimension)
    {
        if (Query.Length != dimension)
        {
            Query = new float[dimension];
        }

        return Query;
    }
}
