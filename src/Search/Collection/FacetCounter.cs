using OrleansSearch.Search.Indexing;
using OrleansSearch.Search.Query;

namespace OrleansSearch.Search.Collection;

/// <summary>Counts the values of one keyword field over every matching document.</summary>
internal sealed class FacetCounter
{
    private readonly KeywordFieldIndex _field;
    private readonly int _size;
    private readonly int[] _counts;

    public FacetCounter(KeywordFieldIndex field, int size)
    {
        _field = field;
        _size = size;
        _counts = new int[field.ValueCount];
    }

    public void Count(int ordinal)
    {
        foreach (var value in _field.ValuesOf(ordinal))
        {
            _counts[value]++;
        }
    }

    /// <summary>The <c>size</c> most frequent values (ties by value, ordinal order).</summary>
    public FacetResult Result()
    {
        var values = new List<FacetValue>();
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                values.Add(new FacetValue(_field.ValueOf(i), _counts[i]));
            }
        }

        values.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Value, b.Value));
        if (values.Count > _size)
        {
            values.RemoveRange(_size, values.Count - _size);
        }

        return new FacetResult(_field.Field.Name, values);
    }
}
