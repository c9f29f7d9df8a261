namespace OrleansSearch.Search.Query;

/// <summary>
/// An analyzed query: its leaves, in the fixed order scores are summed in, and how they combine.
/// A document matches when it matches at least one leaf of every must-group, no must-not leaf,
/// and (when there are no must-groups) at least one should leaf.
/// </summary>
internal sealed class QueryPlan
{
    public QueryPlan(List<QueryLeaf> leaves, List<int[]> mustGroups, List<int> should, List<int> mustNot)
    {
        Leaves = leaves;
        MustGroups = mustGroups;
        Should = should;
        MustNot = mustNot;
    }

    public List<QueryLeaf> Leaves { get; }

    /// <summary>Leaf indices per required clause (one leaf per default field the clause expanded to).</summary>
    public List<int[]> MustGroups { get; }

    public List<int> Should { get; }

    public List<int> MustNot { get; }

    /// <summary>Matches nothing: every positive clause was analyzed away (stopwords, punctuation).</summary>
    public bool MatchesNothing => MustGroups.Count == 0 && Should.Count == 0;
}
