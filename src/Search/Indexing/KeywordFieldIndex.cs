using OrleansSearch.Search.Postings;
using OrleansSearch.Search.Schema;

namespace OrleansSearch.Search.Indexing;

/// <summary>
/// A keyword field: each distinct value gets an ordinal and a <see cref="DocumentIdList"/>
/// (for filters and exact clauses), and every document keeps its value ordinals in an
/// append-only compressed-row column (for facets, sorting and returning the values).
/// </summary>
internal sealed class KeywordFieldIndex
{
    private readonly Dictionary<string, int> _ordinalByValue;
    private readonly List<string> _values;
    private readonly List<DocumentIdList> _postings;
    private int[] _rowStarts;
    private int[] _rowValues;
    private int _rowValueCount;
    private int _rowCount;

    public KeywordFieldIndex(FieldDefinition field)
    {
        Field = field;
        _ordinalByValue = new Dictionary<string, int>(StringComparer.Ordinal);
        _values = [];
        _postings = [];
        _rowStarts = new int[17];
        _rowValues = new int[16];
    }

    public KeywordFieldIndex(FieldDefinition field, List<string> values, int[] rowStarts, int[] rowValues, int rowCount)
    {
        Field = field;
        _values = values;
        _ordinalByValue = new Dictionary<string, int>(values.Count, StringComparer.Ordinal);
        _postings = new List<DocumentIdList>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (!_ordinalByValue.TryAdd(values[i], i))
            {
                throw new InvalidDataException($"Keyword field '{field.Name}' lists value '{values[i]}' twice.");
            }

            _postings.Add(new DocumentIdList());
        }

        _rowStarts = rowStarts.Length < rowCount + 1 ? new int[rowCount + 1] : rowStarts;
        _rowValues = rowValues.Length == 0 ? new int[16] : rowValues;
        _rowCount = rowCount;
        _rowValueCount = _rowStarts[rowCount];
        for (var row = 0; row < rowCount; row++)
        {
            for (var i = _rowStarts[row]; i < _rowStarts[row + 1]; i++)
            {
                var valueOrdinal = _rowValues[i];
                if ((uint)valueOrdinal >= (uint)values.Count)
                {
                    throw new InvalidDataException($"Keyword field '{field.Name}' row {row} refers to value ordinal {valueOrdinal} of {values.Count}.");
                }

                _postings[valueOrdinal].Add(row);
            }
        }
    }

    public FieldDefinition Field { get; }

    public int ValueCount => _values.Count;

    public ReadOnlySpan<int> RowStarts => _rowStarts.AsSpan(0, _rowCount + 1);

    public ReadOnlySpan<int> RowValues => _rowValues.AsSpan(0, _rowValueCount);

    public IReadOnlyList<string> Values => _values;

    public long MemoryBytes
    {
        get
        {
            long bytes = ((long)_rowStarts.Length + _rowValues.Length) * sizeof(int) + 128;
            for (var i = 0; i < _values.Count; i++)
            {
                bytes += 22 + (2L * _values[i].Length) + 24 + 8 + _postings[i].MemoryBytes;
            }

            return bytes;
        }
    }

    public string ValueOf(int valueOrdinal) => _values[valueOrdinal];

    public bool TryGetValueOrdinal(string value, out int valueOrdinal) => _ordinalByValue.TryGetValue(value, out valueOrdinal);

    public DocumentIdList PostingsOf(int valueOrdinal) => _postings[valueOrdinal];

    /// <summary>The value ordinals of document <paramref name="ordinal"/>, in the order given.</summary>
    public ReadOnlySpan<int> ValuesOf(int ordinal) =>
        ordinal < _rowCount ? _rowValues.AsSpan(_rowStarts[ordinal], _rowStarts[ordinal + 1] - _rowStarts[ordinal]) : default;

    /// <summary>Appends the row of <paramref name="ordinal"/>; rows of skipped ordinals become empty.</summary>
    public void Add(int ordinal, string[]? values)
    {
        while (_rowCount < ordinal)
        {
            AppendRowEnd();
        }

        if (values is not null)
        {
            var rowStart = _rowValueCount;
            foreach (var value in values)
            {
                if (!_ordinalByValue.TryGetValue(value, out var valueOrdinal))
                {
                    valueOrdinal = _values.Count;
                    _ordinalByValue.Add(value, valueOrdinal);
                    _values.Add(value);
                    _postings.Add(new DocumentIdList());
                }

                if (_rowValues.AsSpan(rowStart, _rowValueCount - rowStart).Contains(valueOrdinal))
                {
                    continue; // a value given twice counts once (facets, filters)
                }

                if (_rowValueCount == _rowValues.Length)
                {
                    Array.Resize(ref _rowValues, _rowValueCount * 2);
                }

                _rowValues[_rowValueCount++] = valueOrdinal;
                _postings[valueOrdinal].Add(ordinal);
            }
        }

        AppendRowEnd();
    }

    /// <summary>A copy without deleted documents (and without values no live document has), renumbered by <paramref name="newOrdinal"/>.</summary>
    public KeywordFieldIndex Compacted(ReadOnlySpan<int> newOrdinal, int newCount)
    {
        var remap = new int[_values.Count];
        Array.Fill(remap, -1);
        var values = new List<string>();
        var rowStarts = new int[newCount + 1];
        var rowValues = new List<int>();
        var row = 0;
        for (var old = 0; old < newOrdinal.Length; old++)
        {
            if (newOrdinal[old] < 0)
            {
                continue;
            }

            foreach (var valueOrdinal in ValuesOf(old))
            {
                if (remap[valueOrdinal] < 0)
                {
                    remap[valueOrdinal] = values.Count;
                    values.Add(_values[valueOrdinal]);
                }

                rowValues.Add(remap[valueOrdinal]);
            }

            rowStarts[++row] = rowValues.Count;
        }

        return new KeywordFieldIndex(Field, values, rowStarts, rowValues.ToArray(), newCount);
    }

    private void AppendRowEnd()
    {
        if (_rowCount + 2 > _rowStarts.Length)
        {
            Array.Resize(ref _rowStarts, _rowStarts.Length * 2);
        }

        _rowStarts[++_rowCount] = _rowValueCount;
    }
}
