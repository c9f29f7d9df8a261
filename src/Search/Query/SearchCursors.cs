using System.Diagnostics.CodeAnalysis;

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

    /// <summary>
    /// Whether <paramref name="cursor"/> decodes as a cursor made for <paramref name="sort"/>, so a caller in front of
    /// many shards can refuse a bad one once, before sending it to all of them. <paramref name="problem"/> says why not.
    /// </summary>
    public static bool TryValidate(string cursor, SortSpec sort, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(sort);
        try
        {
            SearchCursor.Decode(cursor, sort);
            problem = null;
            return true;
        }
        catch (ArgumentException invalid)
        {
            problem = invalid.Message;
            return false;
        }
    }
}
