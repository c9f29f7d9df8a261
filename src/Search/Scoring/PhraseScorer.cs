using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Postings;

namespace OrleansSearch.Search.Scoring;

/// <summary>
/// Documents where the phrase's terms stand at the right relative positions, scored with BM25 on
/// the number of such occurrences (phrase frequency) and the summed idf of the terms.
/// </summary>
internal sealed class PhraseScorer : LeafScorer
{
    private readonly PostingList[] _postings;
    private readonly int[] _offsets;
    private readonly int[] _indices;
    private readonly int[][] _positions;
    private readonly int[] _counts;
    private readonly int[] _cursors;
    private readonly DocumentTable _table;
    private readonly int[] _lengths;
    private readonly Bm25Weight _weight;
    private int _frequency;

    public PhraseScorer(PostingList[] postings, int[] offsets, DocumentTable table, TextFieldIndex field, Bm25Weight weight)
    {
        _postings = postings;
        _offsets = offsets;
        _indices = new int[postings.Length];
        _positions = new int[postings.Length][];
        _counts = new int[postings.Length];
        _cursors = new int[postings.Length];
        for (var i = 0; i < postings.Length; i++)
        {
            _indices[i] = -1;
            _positions[i] = new int[16];
        }

        _table = table;
        _lengths = field.LengthArray;
        _weight = weight;
        var cost = long.MaxValue;
        foreach (var list in postings)
        {
            cost = Math.Min(cost, list.Count);
        }

        Cost = cost;
    }

    /// <summary>BM25 tends to boost · idf as the frequency grows, never reaching it.</summary>
    public override double MaxScore => _weight.Weight;

    public override long Cost { get; }

    public override int NextDoc() => Advance(Doc + 1);

    public override int Advance(int target)
    {
        var candidate = target;
        while (true)
        {
            var agreed = true;
            for (var i = 0; i < _postings.Length; i++)
            {
                var list = _postings[i];
                var index = list.SeekIndex(Math.Max(_indices[i], 0), candidate);
                _indices[i] = index;
                if (index == list.Count)
                {
                    return Doc = NoMoreDocs;
                }

                var document = list.DocumentArray[list.Offset + index];
                if (document != candidate)
                {
                    candidate = document;
                    agreed = false;
                    break;
                }
            }

            if (agreed)
            {
                if (!_table.IsDeleted(candidate))
                {
                    _frequency = CountOccurrences();
                    if (_frequency > 0)
                    {
                        return Doc = candidate;
                    }
                }

                candidate++;
            }
        }
    }

    public override double Score() => _weight.Score(_frequency, _lengths[Doc]);

    public override Explanation Explain() =>
        _weight.Explain(_frequency, _lengths[Doc], "phraseFreq, occurrences of the phrase within document");

    /// <summary>Counts start positions p of the first term such that term i occurs at p + offset[i] for every i.</summary>
    private int CountOccurrences()
    {
        var counts = _counts;
        for (var i = 0; i < _postings.Length; i++)
        {
            var frequency = _postings[i].FrequencyArray[_postings[i].Offset + _indices[i]];
            if (_positions[i].Length < frequency)
            {
                _positions[i] = new int[Math.Max(frequency, _positions[i].Length * 2)];
            }

            _postings[i].ReadPositions(_indices[i], _positions[i].AsSpan(0, frequency));
            counts[i] = frequency;
        }

        var cursors = _cursors;
        Array.Clear(cursors);
        var occurrences = 0;
        var first = _positions[0];
        for (var p = 0; p < counts[0]; p++)
        {
            var start = first[p] - _offsets[0];
            var all = true;
            for (var i = 1; i < _postings.Length && all; i++)
            {
                var wanted = start + _offsets[i];
                var positions = _positions[i];
                ref var cursor = ref cursors[i];
                while (cursor < counts[i] && positions[cursor] < wanted)
                {
                    cursor++;
                }

                all = cursor < counts[i] && positions[cursor] == wanted;
            }

            if (all)
            {
                occurrences++;
            }
        }

        return occurrences;
    }
}
