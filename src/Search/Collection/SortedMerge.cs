namespace OrleansSearch.Search.Collection;

/// <summary>
/// K-way merge of lists that are each already in one order (a shard's hits): the heads go through a priority
/// queue, so taking a page of <c>limit</c> costs O((offset + limit) · log k), not a sort of everything.
/// </summary>
public static class SortedMerge
{
    /// <summary>Items [offset, offset + limit) of the merged order of <paramref name="lists"/>.</summary>
    public static List<T> Merge<T>(IReadOnlyList<IReadOnlyList<T>> lists, IComparer<T> order, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var heads = new PriorityQueue<(int List, int Index), T>(lists.Count, order);
        for (int list = 0; list < lists.Count; list++)
        {
            if (lists[list].Count > 0)
            {
                heads.Enqueue((list, 0), lists[list][0]);
            }
        }
        var merged = new List<T>(limit);
        int position = 0;
        while (merged.Count < limit && heads.TryDequeue(out var head, out var item))
        {
            if (position++ >= offset)
            {
                merged.Add(item);
            }
            int next = head.Index + 1;
            if (next < lists[head.List].Count)
            {
                heads.Enqueue((head.List, next), lists[head.List][next]);
            }
        }
        return merged;
    }
}
