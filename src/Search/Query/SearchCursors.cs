namespace OrleansSearch.Search.Query;

/// <summary>Search-after cursors for callers that merge pages themselves (a gateway over shard grains).</summary>
public static class SearchCursors
{
    /// <summary>The cursor that pages after <paramref name="hit"/> in <paramref name="sort"/> order.</summary>
    public static string After(SortSpec sort, SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(sort);
        ArgumentNullException.ThrowIfNull(hit);
        return SearchCursor.Encode(sort, hit);
    }
}
