using System.Runtime.InteropServices;
using OrleansSearch.Search.Analysis;
using OrleansSearch.Search.Postings;
using OrleansSearch.Search.Schema;
using OrleansSearch.Search.Scoring;

namespace OrleansSearch.Search.Indexing;

/// <summary>
/// The inverted index of one text field: term → <see cref="PostingList"/>, the exact token
/// count (length) of the field in every document for BM25 length normalization, live length
/// totals for the field statistics, and the stored text when the field is stored.
/// </summary>
internal sealed class TextFieldIndex
{
    private readonly Dictionary<string, PostingList> _terms;
    private readonly Dictionary<string, TermOccurrences> _scratchByTerm = new(StringComparer.Ordinal);
    private readonly Stack<TermOccurrences> _scratchPool = new();
    private readonly List<Token> _scratchTokens = [];
    private readonly PackedPostings? _packed;
    private Bm25LengthNorms? _lastNorms;
    private int[] _lengths;
    private string?[]? _stored;

    public TextFieldIndex(FieldDefinition field)
    {
        Field = field;
        _terms = new Dictionary<string, PostingList>(StringComparer.Ordinal);
        _lengths = new int[16];
        _stored = field.Stored ? new string?[16] : null;
    }

    public TextFieldIndex(FieldDefinition field, Dictionary<string, PostingList> terms, PackedPostings? packed, int[] lengths, string?[]? stored, long sumLength, int documentCount)
    {
        Field = field;
        _terms = terms;
        _packed = packed;
        _lengths = lengths.Length == 0 ? new int[16] : lengths;
        _stored = field.Stored ? (stored is null || stored.Length == 0 ? new string?[_lengths.Length] : stored) : null;
        if (_stored is not null && _stored.Length < _lengths.Length)
        {
            Array.Resize(ref _stored, _lengths.Length);
        }

        SumLength = sumLength;
        DocumentCount = documentCount;
    }

    public FieldDefinition Field { get; }

    /// <summary>Sum of the lengths of live documents.</summary>
    public long SumLength { get; private set; }

    /// <summary>Live documents with at least one token in this field.</summary>
    public int DocumentCount { get; private set; }

    public IReadOnlyDictionary<string, PostingList> Terms => _terms;

    public ReadOnlySpan<int> Lengths => _lengths;

    /// <summary>The length array itself, for scorers (valid for every ordinal handed out).</summary>
    internal int[] LengthArray => _lengths;

    public long MemoryBytes
    {
        get
        {
            long bytes = ((long)_lengths.Length * sizeof(int)) + 64 + (_packed?.MemoryBytes ?? 0);
            bytes += (long)_terms.Count * 32;
            foreach (var (term, postings) in _terms)
            {
                bytes += 22 + (2L * term.Length) + postings.MemoryBytes;
            }

            if (_stored is not null)
            {
                bytes += (long)_stored.Length * 8;
                foreach (var text in _stored)
                {
                    bytes += text is null ? 0 : 22 + (2L * text.Length);
                }
            }

            return bytes;
        }
    }

    public int LengthOf(int ordinal) => _lengths[ordinal];

    /// <summary>
    /// The length-norm cache for these parameters and statistics: the last one built is kept, since
    /// consecutive queries usually score with the same statistics. Immutable, so concurrent
    /// searches may share it; a race only builds one more.
    /// </summary>
    public Bm25LengthNorms LengthNorms(Bm25Parameters parameters, FieldStatistics statistics)
    {
        var cached = _lastNorms;
        if (cached is not null && cached.Field == statistics && cached.K1 == parameters.K1 && cached.B == parameters.B)
        {
            return cached;
        }

        return _lastNorms = new Bm25LengthNorms(parameters, statistics);
    }

    public string? StoredText(int ordinal) => _stored?[ordinal];

    public bool TryGetPostings(string term, out PostingList postings) => _terms.TryGetValue(term, out postings!);

    /// <summary>Number of live documents containing <paramref name="term"/> (cached until the next delete).</summary>
    public int LiveDocumentFrequency(string term, DocumentTable documents)
    {
        if (!_terms.TryGetValue(term, out var postings))
        {
            return 0;
        }

        if (documents.DeletedCount == 0)
        {
            return postings.Count;
        }

        var cached = postings.LiveCountCache;
        if (cached is not null && cached.Generation == documents.DeleteGeneration)
        {
            return cached.Count;
        }

        var live = 0;
        foreach (var ordinal in postings.Documents)
        {
            if (!documents.IsDeleted(ordinal))
            {
                live++;
            }
        }

        postings.LiveCountCache = new LiveCount(live, documents.DeleteGeneration);
        return live;
    }

    /// <summary>Analyzes <paramref name="text"/> and appends its postings for <paramref name="ordinal"/>.</summary>
    public void Add(int ordinal, string? text)
    {
        EnsureCapacity(ordinal);
        if (_stored is not null)
        {
            _stored[ordinal] = text;
        }

        if (string.IsNullOrEmpty(text))
        {
            _lengths[ordinal] = 0;
            return;
        }

        _scratchTokens.Clear();
        Field.Analyzer!.Analyze(text, _scratchTokens);
        var length = _scratchTokens.Count;
        _lengths[ordinal] = length;
        if (length == 0)
        {
            return;
        }

        foreach (var token in _scratchTokens)
        {
            ref var occurrences = ref CollectionsMarshal.GetValueRefOrAddDefault(_scratchByTerm, token.Term, out _);
            occurrences ??= _scratchPool.Count > 0 ? _scratchPool.Pop() : new TermOccurrences();
            occurrences.Add(token.Position);
        }

        foreach (var (term, occurrences) in _scratchByTerm)
        {
            ref var postings = ref CollectionsMarshal.GetValueRefOrAddDefault(_terms, term, out _);
            postings ??= new PostingList();
            var positions = occurrences.Positions;
            if (!IsAscending(positions))
            {
                // Analyzers emit ascending positions; phrase matching relies on it.
                positions.Sort();
            }

            postings.Add(ordinal, positions, length);
            occurrences.Clear();
            _scratchPool.Push(occurrences);
        }

        _scratchByTerm.Clear();
        SumLength += length;
        DocumentCount++;
    }

    /// <summary>Removes a deleted document's length from the live statistics (its postings stay until compaction).</summary>
    public void OnDeleted(int ordinal)
    {
        var length = _lengths[ordinal];
        if (length > 0)
        {
            SumLength -= length;
            DocumentCount--;
        }
    }

    /// <summary>
    /// A copy without deleted documents, renumbered by <paramref name="newOrdinal"/>, with every
    /// posting list packed into shared arrays (terms left without live postings are dropped).
    /// </summary>
    public TextFieldIndex Compacted(ReadOnlySpan<int> newOrdinal, int newCount)
    {
        var lengths = new int[Math.Max(16, newCount)];
        var stored = _stored is null ? null : new string?[lengths.Length];
        for (var old = 0; old < newOrdinal.Length; old++)
        {
            var target = newOrdinal[old];
            if (target >= 0)
            {
                lengths[target] = _lengths[old];
                if (stored is not null)
                {
                    stored[target] = _stored![old];
                }
            }
        }

        // First pass: sizes, so the packed arrays are allocated once at their final length.
        int postings = 0, positionBytes = 0, blocks = 0;
        foreach (var list in _terms.Values)
        {
            var live = 0;
            var documents = list.Documents;
            for (var i = 0; i < documents.Length; i++)
            {
                if (newOrdinal[documents[i]] >= 0)
                {
                    live++;
                    positionBytes += list.PositionByteLength(i);
                }
            }

            postings += live;
            blocks += PackedPostings.BlocksFor(live);
        }

        var packed = new PackedPostings(postings, positionBytes, blocks);
        var terms = new Dictionary<string, PostingList>(_terms.Count, StringComparer.Ordinal);
        foreach (var (term, list) in _terms)
        {
            var compacted = packed.AppendCompacted(list, newOrdinal, lengths);
            if (compacted.Count > 0)
            {
                terms.Add(term, compacted);
            }
        }

        return new TextFieldIndex(Field, terms, packed, lengths, stored, SumLength, DocumentCount);
    }

    private static bool IsAscending(ReadOnlySpan<int> positions)
    {
        for (var i = 1; i < positions.Length; i++)
        {
            if (positions[i] < positions[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    private void EnsureCapacity(int ordinal)
    {
        if (ordinal >= _lengths.Length)
        {
            var capacity = Math.Max(ordinal + 1, _lengths.Length * 2);
            Array.Resize(ref _lengths, capacity);
            if (_stored is not null)
            {
                Array.Resize(ref _stored, capacity);
            }
        }
    }

    /// <summary>Positions of one term within the document being added (reused between documents).</summary>
    private sealed class TermOccurrences
    {
        private int[] _positions = new int[4];
        private int _count;

        public Span<int> Positions => _positions.AsSpan(0, _count);

        public void Add(int position)
        {
            if (_count == _positions.Length)
            {
                Array.Resize(ref _positions, _count * 2);
            }

            _positions[_count++] = position;
        }

        public void Clear() => _count = 0;
    }
}
