namespace OrleansSearch.Search.Postings;

/// <summary>
/// Ascending document ordinals holding one keyword value: the posting list of a keyword term,
/// read by filters and exact keyword clauses (no frequencies, no positions: a value is there or not).
/// </summary>
internal sealed class DocumentIdList
{
    private int[] _documents;

    public DocumentIdList() => _documents = new int[1];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Documents => _documents.AsSpan(0, Count);

    public long MemoryBytes => ((long)_documents.Length * sizeof(int)) + 24 + 32;

    /// <summary>Appends <paramref name="document"/>; adding the last ordinal again is a no-op (a repeated value in one document).</summary>
    public void Add(int document)
    {
        if (Count > 0 && _documents[Count - 1] >= document)
        {
            if (_documents[Count - 1] == document)
            {
                return;
            }

            throw new InvalidOperationException($"Keyword posting for ordinal {document} is not after the last one ({_documents[Count - 1]}).");
        }

        if (Count == _documents.Length)
        {
            Array.Resize(ref _documents, Count * 2);
        }

        _documents[Count++] = document;
    }
}
