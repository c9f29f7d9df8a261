using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Collection;

/// <summary>
/// The leaves of one required clause (one per field it expanded to): matches where any of them
/// matches. Conjunctions intersect groups.
/// </summary>
internal sealed class RequiredGroup
{
    private readonly LeafScorer[] _members;
    private readonly int[] _leafIndices;

    public RequiredGroup(LeafScorer[] members, int[] leafIndices)
    {
        _members = members;
        _leafIndices = leafIndices;
        foreach (var member in members)
        {
            Cost += member.Cost;
        }
    }

    public int Doc { get; private set; } = -1;

    public long Cost { get; }

    public int NextDoc() => Advance(Doc + 1);

    public int Advance(int target)
    {
        var smallest = LeafScorer.NoMoreDocs;
        foreach (var member in _members)
        {
            var doc = member.Doc < target ? member.Advance(target) : member.Doc;
            smallest = Math.Min(smallest, doc);
        }

        return Doc = smallest;
    }

    /// <summary>Writes the scores of the members on <see cref="Doc"/> into their leaf slots.</summary>
    public void Score(double[] contributions)
    {
        for (var i = 0; i < _members.Length; i++)
        {
            if (_members[i].Doc == Doc)
            {
                contributions[_leafIndices[i]] = _members[i].Score();
            }
        }
    }
}
