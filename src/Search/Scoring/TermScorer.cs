using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Postings;

namespace OrleansSearch.Search.Scoring;

/// <summary>BM25 over the postings of one term in one text field, skipping deleted documents.</summary>
internal sealed class TermScorer : LeafScorer
{
    private readonly PostingList _postings;
    private readonly int[] _documents;
    private readonly int[] _frequencies;
    private readonly int _count;
    private readonly int _base;
    private readonly DocumentTable _table;
    private readonly bool _hasDeletes;
    private readonly int[] _lengths;
    private readonly Bm25Weight _weight;
    private readonly double[] _blockBounds;
    private int _index = -1;
    private int _block;

    public TermScorer(PostingList postings, DocumentTable table, TextFieldIndex field, Bm25Weight weight)
    {
        _postings = postings;
        _documents = postings.DocumentArray;
        _frequencies = postings.FrequencyArray;
        _count = postings.Count;
        _base = postings.Offset;
        _table = table;
        _hasDeletes = table.DeletedCount > 0;
        _lengths = field.LengthArray;
        _weight = weight;
        _blockBounds = new double[postings.BlockCount];
        var maxFrequencies = postings.BlockMaxFrequencies;
        var minLengths = postings.BlockMinLengths;
        var best = 0d;
        for (var block = 0; block < _blockBounds.Length; block++)
        {
            // BM25 grows with tf and shrinks with length, so the block's largest tf with its
            // smallest length bounds every posting in it.
            _blockBounds[block] = weight.Score(maxFrequencies[block], minLengths[block]);
            best = Math.Max(best, _blockBounds[block]);
        }

        MaxScore = best;
    }

    public override double MaxScore { get; }

    public override long Cost => _count;

    public override int NextDoc() => Settle(_index + 1);

    public override int Advance(int target) => Settle(_postings.SeekIndex(_index + 1, target));

    public override double Score()
    {
        var at = _base + _index;
        return _weight.Score(_frequencies[at], _lengths[_documents[at]]);
    }

    public override Explanation Explain() =>
        _weight.Explain(_frequencies[_base + _index], _lengths[_documents[_base + _index]], "freq, occurrences of term within document");

    public override double BlockMaxScore(int target, out int blockEnd)
    {
        // Shallow advance: move the block cursor (not the postings cursor) to the first block whose last ordinal is ≥ target.
        var block = Math.Max(_block, Math.Max(_index, 0) / PostingList.BlockSize);
        var last = 0;
        while (block < _blockBounds.Length && (last = _documents[_base + Math.Min(((block + 1) * PostingList.BlockSize) - 1, _count - 1)]) < target)
        {
            block++;
        }

        _block = block;
        if (block == _blockBounds.Length)
        {
            blockEnd = NoMoreDocs - 1;
            return 0d;
        }

        blockEnd = last;
        return _blockBounds[block];
    }

    private int Settle(int index)
    {
        if (_hasDeletes)
        {
            while (index < _count && _table.IsDeleted(_documents[_base + index]))
            {
                index++;
            }
        }

        _index = index;
        return Doc = index < _count ? _documents[_base + index] : NoMoreDocs;
    }
}
