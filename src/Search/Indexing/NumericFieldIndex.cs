using OrleansSearch.Search.Schema;

namespace OrleansSearch.Search.Indexing;

/// <summary>
/// A number or date field as a column of doubles by document ordinal (NaN = no value), read by
/// range filters and sorting. Dates are epoch milliseconds, which doubles hold exactly.
/// </summary>
internal sealed class NumericFieldIndex
{
    private double[] _values;
    private int _count;

    public NumericFieldIndex(FieldDefinition field)
    {
        Field = field;
        _values = new double[16];
    }

    public NumericFieldIndex(FieldDefinition field, double[] values, int count)
    {
        Field = field;
        _values = values.Length == 0 ? new double[16] : values;
        _count = count;
    }

    public FieldDefinition Field { get; }

    public ReadOnlySpan<double> Values => _values.AsSpan(0, _count);

    public long MemoryBytes => ((long)_values.Length * sizeof(double)) + 48;

    /// <summary>The value of <paramref name="ordinal"/>, or NaN when it has none.</summary>
    public double ValueOf(int ordinal) => ordinal < _count ? _values[ordinal] : double.NaN;

    public void Add(int ordinal, double? value)
    {
        if (ordinal >= _values.Length)
        {
            var old = _values.Length;
            Array.Resize(ref _values, Math.Max(ordinal + 1, old * 2));
        }

        for (var i = _count; i < ordinal; i++)
        {
            _values[i] = double.NaN;
        }

        _values[ordinal] = value ?? double.NaN;
        _count = ordinal + 1;
    }

    public NumericFieldIndex Compacted(ReadOnlySpan<int> newOrdinal, int newCount)
    {
        var values = new double[Math.Max(16, newCount)];
        for (var old = 0; old < newOrdinal.Length; old++)
        {
            if (newOrdinal[old] >= 0)
            {
                values[newOrdinal[old]] = ValueOf(old);
            }
        }

        return new NumericFieldIndex(Field, values, newCount);
    }
}
