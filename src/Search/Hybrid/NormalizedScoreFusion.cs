namespace OrleansSearch.Search.Hybrid;

/// <summary>
/// Convex combination of min-max normalised scores: each list's scores are mapped to [0, 1] by
/// (s − min) / (max − min), then score(d) = α · vector(d) + (1 − α) · lexical(d), a document missing from a list
/// counting 0 there. A list whose scores are all equal (one hit, or ties) maps every hit to 1: they are all its
/// best. Unlike <see cref="ReciprocalRankFusion"/> it keeps how far apart the scores are, at the price of
/// depending on each list's extremes.
/// </summary>
public static class NormalizedScoreFusion
{
    /// <summary>Fuses a lexical (e.g. BM25) and a vector list; <paramref name="alpha"/> ∈ [0, 1] is the vector side's weight.</summary>
    public static RankedHit[] Fuse(IReadOnlyList<RankedHit> lexical, IReadOnlyList<RankedHit> vector, double alpha, int limit = int.MaxValue)
    {
        if (!(alpha is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha is the weight of the vector scores and must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        Accumulate(RankedHit.Ranked(lexical, nameof(lexical)), 1 - alpha, scores);
        Accumulate(RankedHit.Ranked(vector, nameof(vector)), alpha, scores);
        return RankedHit.Top(scores, limit);
    }

    private static void Accumulate(List<RankedHit> ranked, double weight, Dictionary<string, double> scores)
    {
        if (ranked.Count == 0)
        {
            return;
        }

        double max = ranked[0].Score;
        double min = ranked[^1].Score;
        double range = max - min;
        foreach (RankedHit hit in ranked)
        {
            double normalized = range > 0 ? (hit.Score - min) / range : 1;
            scores[hit.Id] = scores.GetValueOrDefault(hit.Id) + weight * normalized;
        }
    }
}
