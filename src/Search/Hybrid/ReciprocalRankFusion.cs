namespace OrleansSearch.Search.Hybrid;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke &amp; Büttcher, SIGIR 2009): score(d) = Σ over lists of 1 / (k + rank),
/// rank starting at 1. Only ranks matter, so lists whose scores live on different scales (BM25, cosine) fuse
/// without calibration; k = 60 damps the weight of the very top ranks as in the paper.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <summary>The paper's constant.</summary>
    public const int DefaultK = 60;

    /// <summary>
    /// Fuses ranked lists. Each list is ranked by score descending, then id ascending; an id repeated within
    /// a list counts once, at its best rank. Returns at most <paramref name="limit"/> hits, same order.
    /// </summary>
    public static RankedHit[] Fuse(IReadOnlyList<IReadOnlyList<RankedHit>> lists, int k = DefaultK, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int l = 0; l < lists.Count; l++)
        {
            List<RankedHit> ranked = RankedHit.Ranked(lists[l], $"{nameof(lists)}[{l}]");
            for (int rank = 1; rank <= ranked.Count; rank++)
            {
                string id = ranked[rank - 1].Id;
                scores[id] = scores.GetValueOrDefault(id) + 1.0 / (k + rank);
            }
        }

        return RankedHit.Top(scores, limit);
    }
}
