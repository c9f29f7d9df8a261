namespace OrleansSearch.Evaluation;

/// <summary>
/// nDCG@k and recall@k as trec_eval computes them (ndcg_cut, recall): a run is first re-sorted by
/// score descending with ties broken by document id DESCENDING (trec_eval's comparison of
/// (sim, docno)), gains are the graded judgments, the discount is log2(rank + 1), the ideal
/// ranking sorts the judged-relevant grades, and every judged query counts (a query without
/// results scores 0).
/// </summary>
internal static class TrecMetrics
{
    /// <summary>Sorts a run the way trec_eval reads it.</summary>
    public static List<(string Id, double Score)> TrecOrder(IEnumerable<(string Id, double Score)> run)
    {
        var list = new List<(string Id, double Score)>(run);
        list.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(b.Id, a.Id));
        return list;
    }

    public static double Ndcg(List<(string Id, double Score)> trecOrdered, Dictionary<string, int> grades, int k)
    {
        var dcg = 0d;
        for (var i = 0; i < Math.Min(k, trecOrdered.Count); i++)
        {
            if (grades.TryGetValue(trecOrdered[i].Id, out var grade) && grade > 0)
            {
                dcg += grade / Math.Log2(i + 2);
            }
        }

        var ideal = new List<int>();
        foreach (var grade in grades.Values)
        {
            if (grade > 0)
            {
                ideal.Add(grade);
            }
        }

        ideal.Sort(static (a, b) => b.CompareTo(a));
        var idcg = 0d;
        for (var i = 0; i < Math.Min(k, ideal.Count); i++)
        {
            idcg += ideal[i] / Math.Log2(i + 2);
        }

        return idcg == 0 ? 0 : dcg / idcg;
    }

    public static double Recall(List<(string Id, double Score)> trecOrdered, Dictionary<string, int> grades, int k)
    {
        var relevant = 0;
        foreach (var grade in grades.Values)
        {
            relevant += grade > 0 ? 1 : 0;
        }

        var found = 0;
        for (var i = 0; i < Math.Min(k, trecOrdered.Count); i++)
        {
            if (grades.TryGetValue(trecOrdered[i].Id, out var grade) && grade > 0)
            {
                found++;
            }
        }

        return relevant == 0 ? 0 : (double)found / relevant;
    }
}
