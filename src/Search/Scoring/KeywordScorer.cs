using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Postings;

namespace OrleansSearch.Search.Scoring;

/// <summary>An exact keyword value: every live document holding it scores the same constant.</summary>
internal sealed class KeywordScorer : LeafScorer
{
    private readonly DocumentIdList _postings;
    private readonly DocumentTable _table;
    private readonly double _score;
    private readonly string _description;
    private int _index = -1;

    public KeywordScorer(DocumentIdList postings, DocumentTable table, double score, string description)
    {
        _postings = postings;
        _table = table;
        _score = score;
        _description = description;
    }

    public override double MaxScore => _score;

    public override long Cost => _postings.Count;

    public override int NextDoc() => Settle(_index + 1);

    public override int Advance(int target)
    {
        var from = _index + 1;
        var remaining = _postings.Documents[from..];
        var found = remaining.BinarySearch(target);
        return Settle(from + (found >= 0 ? found : ~found));
    }

    public override double Score() => _score;

    public override Explanation Explain() => new(_score, $"constant score of {_description} (boost)");

    private int Settle(int index)
    {
        var documents = _postings.Documents;
        while (index < documents.Length && _table.IsDeleted(documents[index]))
        {
            index++;
        }

        _index = index;
        return Doc = index < documents.Length ? documents[index] : NoMoreDocs;
    }
}
