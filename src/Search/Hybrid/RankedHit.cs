namespace OrleansSearch.Search.Hybrid;

/// <summary>
/// A document in a ranked list: its id and its score in that list (higher is better). Lists are ranked by
/// <see cref="BestFirst"/>: score descending, then id ascending (ordinal), the one tie-break used everywhere.
/// </summary>
public readonly record struct RankedHit(string Id, double Score)
{
    /// <summary>Score descending, then id ascending by ordinal comparison.</summary>
    public static Comparison<RankedHit> BestFirst { get; } = static (a, b) =>
    {
        int byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(a.Id, b.Id);
    };

    /// <summary>
    /// Copies <paramref name="hits"/> in <see cref="BestFirst"/> order, keeping only the best entry of an id that
    /// appears twice. Throws when an id is null or a score is NaN.
    /// </summary>
    internal static List<RankedHit> Ranked(IReadOnlyList<RankedHit> hits, string parameter)
    {
        ArgumentNullException.ThrowIfNull(hits, parameter);
        var ranked = new List<RankedHit>(hits.Count);
        for (int i = 0; i < hits.Count; i++)
        {
            RankedHit hit = hits[i];
            if (hit.Id is null || !double.IsFinite(hit.Score))
            {
                throw new ArgumentException($"Hit {i} of {parameter} has id '{hit.Id}' and score {hit.Score}; every hit needs an id and a finite score.", parameter);
            }

            ranked.Add(hit);
        }

        ranked.Sort(BestFirst);
        var seen = new HashSet<string>(ranked.Count, StringComparer.Ordinal);
        ranked.RemoveAll(hit => !seen.Add(hit.Id));
        return ranked;
    }

    /// <summary>Sorts fused scores best first and keeps the first <paramref name="limit"/>.</summary>
    internal static RankedHit[] Top(Dictionary<string, double> scores, int limit)
    {
        var fused = new RankedHit[scores.Count];
        int i = 0;
        foreach ((string id, double score) in scores)
        {
            fused[i++] = new RankedHit(id, score);
        }

        Array.Sort(fused, BestFirst);
        return fused.Length <= limit ? fused : fused[..limit];
    }
}
